import type { Actor } from '../domain/actor.js';
import type { Phrase } from '../domain/phrase.js';
import type { Release } from '../domain/release-schema.js';
import type { ReleaseErrorCode } from '../domain/release-error.js';
import type { ClassificationResult } from '../models/classification-result.js';
import type { ReleaseModel } from '../models/model-schema.js';
import type { DescribedModel } from '../models/describe-model-rules.js';
import type { Answers, Question } from '../models/questions-schema.js';
import type { ReportSummary } from '../report/report-service.js';
import type { ChecklistView, GateView, StepView } from '../view/checklist-view.js';
import type { CommandSpec } from './command-table.js';
import type { FormKind } from './intent.js';
import type { Digest } from '../digest/digest.js';

/**
 * What the dispatcher answers, in neutral terms. Each surface draws it natively: a Slack message or modal, an
 * Adaptive Card, console lines, a JSON body.
 */
export type Outcome =
  /** A change was recorded, or was already so (`changed` false). `announced`: the release's thread hears of it too. */
  | { kind: 'done'; release: Release; view: ChecklistView; changed: boolean; message: Phrase; step?: number; announced: boolean }
  /** The person asked for something the rules do not allow, or got an argument wrong (`field` names which). */
  | { kind: 'refused'; message: string; code: ReleaseErrorCode; field?: string }
  /** Something broke on our side; `ref` is in the log with the details. */
  | { kind: 'failed'; message: string; ref: string }
  | { kind: 'checklist'; release: Release; view: ChecklistView }
  | { kind: 'list'; releases: Release[]; views: ChecklistView[]; current?: string }
  /** Each model with when the rules pick it (`appliesWhen`). */
  | { kind: 'models'; models: readonly DescribedModel[] }
  /** `note` says why help is shown instead (an unknown command). */
  | { kind: 'help'; entries: CommandSpec[]; intro: string; topic?: string; note?: string }
  | { kind: 'report'; summary: ReportSummary }
  /** The questions to ask, with what was answered so far and what to fix beside each field. */
  | { kind: 'questions'; questions: readonly Question[]; values: Record<string, unknown>; errors: Record<string, string> }
  /** The suggested model and why, for the person to accept or override. */
  /** `freeze`: the planned time falls in a freeze window, so the form asks why it must go out then (exempt models need no reason). */
  | { kind: 'classification'; result: ClassificationResult; models: readonly ReleaseModel[]; answers: Answers; freeze?: { windowName: string; until: string; exempt: string[] } }
  /** A change that needs more input: the form to show, and whether a close must ask for the ELS result. */
  | { kind: 'form'; form: FormKind; view: ChecklistView; step?: StepView; gate?: GateView; askEls: boolean }
  | { kind: 'identity'; actor: Actor }
  /** Facts to show as a short list under a title: the roles of a place, the gates of a release. */
  /** `change`: the surface may offer its own form to change what is listed (the roles of a place, with people pickers). */
  | { kind: 'notice'; title: string; lines: Phrase[]; change?: 'roles' }
  /** The person's open and overdue steps (none when nothing is due), whether their daily digest is on, and when it goes out. */
  | { kind: 'digest'; digest?: Digest; off: boolean; at?: string; message?: string };

export type OutcomeKind = Outcome['kind'];
