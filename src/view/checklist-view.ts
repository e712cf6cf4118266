import type { Phase } from '../domain/phases.js';
import type { Role } from '../domain/roles.js';
import type { ReleaseStatus, OutcomeResult, Surface } from '../domain/release-schema.js';
import type { Actor } from '../domain/actor.js';

import type { ReleaseAction, StepAction } from '../domain/step-action.js';

export type { ReleaseAction, StepAction };

/** One step as every surface shows it. `number` is what people type: "done 3". */
export interface StepView {
  number: number;
  stepId: string;
  title: string;
  help?: string;
  phase: Phase;
  owner: Role;
  ownerLabel: string;
  state: 'open' | 'done' | 'skipped';
  /** Who completed or skipped it, and when (ISO-8601). */
  by?: Actor;
  at?: string;
  reason?: string;
  assignee?: Actor;
  /** ISO-8601 due time, from the model's offset and the planned deployment time (the actual one for steps after T). */
  dueAt?: string;
  overdue: boolean;
  skippable: boolean;
  isDeploymentStep: boolean;
  /** Done by a pipeline through the API, as a rule (a person may still do it by hand). */
  automated: boolean;
  /** What the completion attached: a build link, a commit, a note. */
  evidence?: { url?: string; commit?: string; note?: string };
  actions: StepAction[];
}

export interface PhaseView {
  phase: Phase;
  label: string;
  done: number;
  total: number;
  steps: StepView[];
}

/** A gate as every surface shows it; `actions` are the decisions still possible (none once deployed or approved). */
export interface GateView {
  id: string;
  title: string;
  state: 'open' | 'approved' | 'rejected';
  by?: Actor;
  note?: string;
  actions: Array<'approve' | 'reject'>;
}

/** The platform-neutral checklist: adapters draw it as Block Kit, an Adaptive Card or terminal text. */
export interface ChecklistView {
  releaseId: string;
  rev: number;
  title: string;
  modelId: string;
  modelName: string;
  risk: string;
  explanation: string;
  override?: { modelId: string; reason: string; by: Actor };
  status: ReleaseStatus;
  statusLabel: string;
  outcome?: OutcomeResult;
  plannedAt: string;
  deployedAt?: string;
  requester: Actor;
  releaseManager: Actor;
  surface: Surface;
  progress: { done: number; skipped: number; open: number; total: number; percent: number; label: string };
  phases: PhaseView[];
  /** False for closed or cancelled releases: renderers drop every button. */
  actionable: boolean;
  releaseActions: ReleaseAction[];
  /** Decisions the release needs before deployment, each with its state. */
  gates: GateView[];
  /** What still stands between the release and its deployment, in words ("Change approval", "step 5 “…”"). */
  missingBeforeDeploy: string[];
  /** The same, item by item, with a freeze window in force now (when the view was built with the windows). */
  blockers: Array<{ kind: 'approval' | 'go_no_go' | 'step' | 'freeze'; id: string; title: string }>;
  /** Deployed although items were missing: by the release manager, with the reason. */
  deployOverride?: { by: Actor; reason: string; missing: string[] };
  /** Started, moved or deployed inside a freeze window, with the reason: one entry per override. */
  freezeOverrides?: Array<{ windowName: string; action: 'start' | 'reschedule' | 'deploy'; by: Actor; reason: string }>;
  /** Closing it must record the ELS result (it is in early life support): every close form asks for it then. */
  closeAsksEls: boolean;
  /** The next reminder still to come (never a time in the past), e.g. { kind: 'communication', label: 'T-2d user communication' }. */
  nextReminder?: { kind: string; dueAt: string; label: string };
  /** Before deployment: the reminders that wait for it (go-live, ELS check-ins, exit review), e.g. "1 day after deployment". */
  afterDeployment?: Array<{ kind: string; label: string; when: string }>;
  /** A closed release: what its close recorded, and `summary` in the words the close confirmed. */
  closing?: {
    result: OutcomeResult;
    incidents: string[];
    els?: { incidents: number; exitCriteriaMet: boolean };
    note?: string;
    closedBy: Actor;
    closedAt: string;
    summary: string;
  };
}
