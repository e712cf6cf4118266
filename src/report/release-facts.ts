import type { OutcomeResult, Release, ReleaseStatus } from '../domain/release-schema.js';
import { parseOffset } from '../domain/duration.js';
import { stepsAt, type StepStateName } from './steps-at-deployment.js';
import type { ZoneOffsets } from './zone-offsets.js';
import type { FreezeCalendar } from './freeze-calendar.js';
import { gateFacts, type GateFacts } from './gate-facts.js';

/** What a step is, shared by every release of the same model version so 10,000 releases hold one copy. */
export interface StepMeta {
  stepId: string;
  title: string;
  preDeployment: boolean;
}

/** Per-step codes in ReleaseFacts.stepCodes: the state, plus LATE when done after its due time. */
export const STEP_OPEN = 0;
export const STEP_DONE = 1;
export const STEP_SKIPPED = 2;
export const STEP_LATE = 4;
/** A post-deployment step of a release that is not closed yet: it does not count. */
export const STEP_NOT_COUNTED = 255;
const CODE: Record<StepStateName, number> = { open: STEP_OPEN, done: STEP_DONE, skipped: STEP_SKIPPED };

/** The few numbers a report needs from one release, so 10,000 releases cost one pass and little memory. */
export interface ReleaseFacts extends GateFacts {
  id: string;
  rev: number;
  title: string;
  modelId: string;
  modelName: string;
  deploymentStep: string;
  status: ReleaseStatus;
  createdAt: number;
  plannedAt: number;
  deployedAt?: number;
  cancelledAt?: number;
  closedAt?: number;
  outcome?: OutcomeResult;
  /** Undefined while the outcome is unknown (deployed, not yet closed). */
  failed?: boolean;
  incidents: string[];
  /** The ELS result, when one was recorded at close: incidents during ELS and whether the exit criteria were met. */
  elsIncidents?: number;
  elsExitMet?: boolean;
  leadTimeMs?: number;
  /** Deployment minus planned time; negative when early. */
  offPlanMs?: number;
  /** Pre-deployment checklist as it stood at deployment. */
  checklist?: { done: number; skipped: number; open: number; total: number };
  /** Deployed releases only: the model's steps and, index for index, the state that counts (see STEP_*). */
  stepMeta?: readonly StepMeta[];
  stepCodes?: Uint8Array;
}

export const FAILED_OUTCOMES: readonly OutcomeResult[] = ['failed', 'rolled_back', 'hotfix'];

const metaCache = new Map<string, readonly StepMeta[]>();

/**
 * A step belongs to the checklist a release "went out with" when it is due at or before the planned deployment,
 * or, without a due time, when the model lists it no later than the deployment step.
 */
function stepMetaOf(release: Release): readonly StepMeta[] {
  const model = release.model;
  let key = `${model.id}\u0000${model.deploymentStep}`;
  for (const s of model.steps) key += `\u0000${s.id}\u0001${s.title}\u0001${s.due ?? ''}`;
  let meta = metaCache.get(key);
  if (meta) return meta;
  const deployIndex = model.steps.findIndex((s) => s.id === model.deploymentStep);
  meta = model.steps.map((s, i) => ({ stepId: s.id, title: s.title, preDeployment: s.due !== undefined ? parseOffset(s.due) <= 0 : i <= deployIndex }));
  // Model versions are few; the bound only guards a long-lived process against unbounded growth.
  if (metaCache.size > 1000) metaCache.clear();
  metaCache.set(key, meta);
  return meta;
}

/** `freezes` tells deployments inside or next to a freeze window; without it only recorded overrides say so. */
export function releaseFacts(release: Release, zone: ZoneOffsets, freezes?: FreezeCalendar): ReleaseFacts {
  const facts: ReleaseFacts = {
    ...gateFacts(release, freezes),
    id: release.id,
    rev: release.rev,
    title: release.title,
    modelId: release.model.id,
    modelName: release.model.name,
    deploymentStep: release.model.deploymentStep,
    status: release.status,
    createdAt: Date.parse(release.createdAt),
    plannedAt: Date.parse(release.plannedAt),
    incidents: release.outcome?.incidents ?? [],
  };
  if (release.cancelledAt !== undefined) facts.cancelledAt = Date.parse(release.cancelledAt);
  if (release.outcome) {
    facts.outcome = release.outcome.result;
    facts.failed = FAILED_OUTCOMES.includes(release.outcome.result);
    facts.closedAt = Date.parse(release.outcome.closedAt);
    const els = release.outcome.els;
    if (els) {
      facts.elsIncidents = els.incidents;
      facts.elsExitMet = els.exitCriteriaMet;
    }
  }
  if (release.deployedAt === undefined) return facts;
  const deployedAt = Date.parse(release.deployedAt);
  facts.deployedAt = deployedAt;
  facts.leadTimeMs = deployedAt - facts.createdAt;
  facts.offPlanMs = deployedAt - facts.plannedAt;
  const atDeployment = stepsAt(release, release.deployedAt);
  const meta = stepMetaOf(release);
  const closed = release.status === 'closed';
  const finalState = closed ? new Map(release.steps.map((s) => [s.stepId, s])) : undefined;
  const codes = new Uint8Array(meta.length);
  const checklist = { done: 0, skipped: 0, open: 0, total: 0 };
  meta.forEach((m, i) => {
    if (!m.preDeployment && !finalState) {
      codes[i] = STEP_NOT_COUNTED;
      return;
    }
    const now = m.preDeployment ? atDeployment.get(m.stepId) : finalState?.get(m.stepId);
    const state = now?.state ?? 'open';
    const due = release.model.steps[i]?.due;
    const late = state === 'done' && now?.at !== undefined && due !== undefined && Date.parse(now.at) > zone.applyOffset(facts.plannedAt, due);
    codes[i] = CODE[state] + (late ? STEP_LATE : 0);
    if (m.preDeployment) {
      checklist.total++;
      checklist[state]++;
    }
  });
  facts.stepMeta = meta;
  facts.stepCodes = codes;
  facts.checklist = checklist;
  return facts;
}
