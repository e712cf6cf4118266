import type { Actor } from '../domain/actor.js';
import type { Phrase } from '../domain/phrase.js';
import type { RoleHolders } from '../domain/gates.js';
import type { ChatLocation, DeploymentStatus, Evidence, OutcomeResult, Release } from '../domain/release-schema.js';
import type { Answers, Question } from '../models/questions-schema.js';
import type { DescribedModel } from '../models/describe-model-rules.js';
import type { ChecklistView } from '../view/checklist-view.js';
import type { StepAction } from '../domain/step-action.js';
import type { ClassificationResult } from '../models/classification-result.js';
import type { AnswersResult } from '../models/answers-result.js';
import type { FreezeWindow } from '../domain/freeze-windows.js';

export type { ClassificationResult, AnswersResult };

export interface StartInput {
  /** Raw answers as the surface collected them; validated again here. */
  answers: Record<string, unknown>;
  actor: Actor;
  /** Defaults to the actor. */
  releaseManager?: Actor;
  override?: { modelId: string; reason?: string };
  /** Starting although the planned deployment falls in a freeze window: the reason is recorded. */
  freezeOverride?: { reason?: string };
  location: ChatLocation;
  /** The platform's delivery id (Slack view id, Teams activity id): a retried start creates nothing new. */
  dedupeKey?: string;
  /** A pipeline's own id for the release, kept on it. */
  externalId?: string;
}

export interface StepActionInput {
  releaseId: string;
  /** A 1-based step number as shown, or a step id. */
  step: number | string;
  action: StepAction;
  actor: Actor;
  /** Required for skip. */
  reason?: string;
  /** Required for assign. */
  assignee?: Actor;
  dedupeKey?: string;
  /** Completing the deployment step although gates or required steps are missing (the release manager, with a reason). */
  override?: { reason?: string };
  /** What proves a completion (checked by parseEvidence). */
  evidence?: Evidence;
}

export interface DeploymentInput {
  releaseId: string;
  actor: Actor;
  status: DeploymentStatus;
  environment?: string;
  url?: string;
  commit?: string;
  override?: { reason?: string };
  dedupeKey?: string;
}

export interface ActionResult {
  release: Release;
  view: ChecklistView;
  /** False when nothing changed (a retry, or the step was already in that state). */
  changed: boolean;
  /** A one-line confirmation that names the release, e.g. "R-2: step 3 “Smoke test” done by alice." */
  message: Phrase;
}

export interface CloseInput {
  releaseId: string;
  actor: Actor;
  outcome: OutcomeResult;
  incidents?: string[];
  els?: { incidents: number; exitCriteriaMet: boolean };
  note?: string;
  dedupeKey?: string;
}

/**
 * The use cases adapters call. Every method that changes a release throws ReleaseError for anything the
 * person can fix (unknown release, closed release, not allowed, bad argument) and resolves only after the
 * change is on disk.
 */
export interface ReleaseService {
  questions(): readonly Question[];
  validateAnswers(raw: Record<string, unknown>): AnswersResult;
  classify(answers: Answers): ClassificationResult;
  /** Each with when the classification rules pick it, in words. */
  models(): readonly DescribedModel[];

  start(input: StartInput): Promise<ActionResult>;
  act(input: StepActionInput): Promise<ActionResult>;
  /** `plannedAt`: ISO-8601, or what the person typed ("2026-12-01 14:00" in the team's zone, "in 2h", "tomorrow 09:00"). */
  /** `override`: moving it into a freeze window anyway, with the reason. */
  reschedule(input: { releaseId: string; plannedAt: string; actor: Actor; dedupeKey?: string; override?: { reason?: string } }): Promise<ActionResult>;
  markDeployed(input: { releaseId: string; actor: Actor; dedupeKey?: string; override?: { reason?: string } }): Promise<ActionResult>;
  /** A pipeline's report of a deployment: started, succeeded (records it), failed or rolled back. */
  recordDeployment(input: DeploymentInput): Promise<ActionResult>;
  /** Approves or rejects gates, by people holding the deciding role in the release's place (`holders`). */
  decideGates(input: { releaseId: string; actor: Actor; decision: 'approved' | 'rejected'; gateId?: string; note?: string; holders: RoleHolders; dedupeKey?: string }): Promise<ActionResult>;
  cancel(input: { releaseId: string; actor: Actor; reason?: string; dedupeKey?: string }): Promise<ActionResult>;
  close(input: CloseInput): Promise<ActionResult>;
  /** Records where the surface posted the release (message ids, thread, conversation reference). */
  setLocation(releaseId: string, patch: Partial<ChatLocation>): Promise<Release>;

  get(releaseId: string): Promise<Release>;
  view(release: Release): ChecklistView;
  listActive(): Promise<Release[]>;
  /** The freeze windows from models/freeze-windows.yaml; empty without it. */
  freezeWindows(): readonly FreezeWindow[];
  /** Open steps assigned to the person, or owned by a role they hold on active releases: for Slack App Home. */
  openStepsFor(actor: Actor): Promise<Array<{ release: Release; view: ChecklistView; stepNumbers: number[] }>>;
}
