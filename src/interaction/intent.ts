import type { Actor } from '../domain/actor.js';
import type { ElsAnswer } from '../domain/incident-refs.js';
import type { DeploymentStatus, OutcomeResult } from '../domain/release-schema.js';
import type { ReleaseAction, StepAction } from '../domain/step-action.js';
import type { ReportPeriod } from '../report/report-service.js';

/** Whom a command names: a person the surface already identified, or a name typed as text. */
export type PersonRef = { actor: Actor } | { name: string };

/** What a change asks for before it can be made: the form a surface shows (a modal, a card, questions). */
export type FormKind = 'skip' | 'assign' | 'reject' | Exclude<ReleaseAction, 'deploy'>;

/**
 * What a person wants, from any surface: a typed command, a button, a submitted form, an API call.
 * Adapters build one of these from their payload and hand it to the dispatcher; nothing else decides.
 */
export type Intent =
  /** Open the classification questions (the form, or the console's conversation). */
  | { kind: 'start'; title?: string }
  /** Answers to check: the outcome is the questions again with errors, or the suggested model and why. */
  | { kind: 'answer'; answers: Record<string, unknown> }
  /** Start the release with these answers, and the model override with its reason if the person changed it. */
  /** `freezeOverride`: start it although the planned deployment falls in a freeze window, with the reason. */
  /** `releaseManager`: someone else manages it (a pipeline names a person); `externalId`: the caller's own id, unique per caller. */
  | {
      kind: 'create';
      answers: Record<string, unknown>;
      override?: { modelId: string; reason?: string };
      freezeOverride?: { reason?: string };
      releaseManager?: PersonRef;
      externalId?: string;
    }
  | { kind: 'list' }
  | { kind: 'status'; releaseId?: string }
  | { kind: 'models' }
  | { kind: 'help'; topic?: string }
  | { kind: 'report'; period: ReportPeriod }
  /** `evidence`: what proves a completion (a pipeline's build link, commit, note). */
  | { kind: 'step'; action: StepAction; step: number | string; releaseId?: string; reason?: string; assignee?: PersonRef; evidence?: EvidenceInput }
  /** Without `status`, the deployment happened now (chat); a pipeline reports started, succeeded, failed or rolled back. */
  | { kind: 'deploy'; releaseId?: string; override?: { reason?: string }; status?: DeploymentStatus; environment?: string; url?: string; commit?: string }
  /** Approve or reject a release's gates: one named gate, or every undecided gate the person may decide. */
  /** `exact`: the gate id came from a button, so an unknown one is refused rather than read as the start of the note. */
  | { kind: 'decide'; decision: 'approved' | 'rejected'; releaseId?: string; gateId?: string; note?: string; exact?: boolean }
  | { kind: 'gates'; releaseId?: string }
  /** Who holds which role here; with a change, add people to a role or remove one. */
  | { kind: 'roles'; change?: { op: 'add' | 'remove'; role: string; people: PersonRef[] } }
  /** `override`: move it into a freeze window anyway, with the reason. */
  | { kind: 'reschedule'; releaseId: string; when: string | number; override?: { reason?: string } }
  /** The freeze windows of the next 30 days, including one in force now. */
  | { kind: 'freezes' }
  | { kind: 'cancel'; releaseId: string; reason?: string }
  | { kind: 'close'; releaseId: string; outcome: string; incidents?: string | readonly string[]; els?: ElsAnswer; note?: string }
  /** A button that opens a form ("Skip…", "Close…"): check it can be done now, and say what the form needs. */
  /** `gateId`: the gate a Reject… form is for. */
  | { kind: 'form'; form: FormKind; releaseId: string; step?: number; gateId?: string }
  /** The release as it is now, to redraw a message (Teams card refresh). */
  | { kind: 'refresh'; releaseId: string }
  | { kind: 'as'; name: string }
  /** The person's daily digest now, or turn it off or on for them. */
  | { kind: 'digest'; change?: 'on' | 'off' };

export type IntentKind = Intent['kind'];

export interface EvidenceInput {
  url?: string;
  commit?: string;
  note?: string;
}

export type { OutcomeResult };
