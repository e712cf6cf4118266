import type { OutcomeResult, Release, ReleaseStatus } from '../domain/release-schema.js';
import { parseOffset } from '../domain/duration.js';
import { stepsAt, type StepStateName } from './steps-at-deployment.js';
import type { ZoneOffsets } from './zone-offsets.js';

export interface StepFact {
  stepId: string;
  title: string;
  /** The state that counts: at deployment for steps due by then, the final state for steps after it. */
  state: StepStateName;
  /** Done after its due time. False when not done or without a due time. */
  late: boolean;
  preDeployment: boolean;
}

/** The few numbers a report needs from one release, so 10,000 releases cost one pass and little memory. */
export interface ReleaseFacts {
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
  leadTimeMs?: number;
  /** Deployment minus planned time; negative when early. */
  offPlanMs?: number;
  /** Pre-deployment checklist as it stood at deployment. */
  checklist?: { done: number; skipped: number; open: number; total: number };
  /** Per-step facts of deployed releases; post-deployment steps only once the release is closed. */
  steps: StepFact[];
}

export const FAILED_OUTCOMES: readonly OutcomeResult[] = ['failed', 'rolled_back', 'hotfix'];

/**
 * A step belongs to the checklist a release "went out with" when it is due at or before the planned deployment,
 * or, without a due time, when the model lists it no later than the deployment step.
 */
function preDeploymentIds(release: Release): Set<string> {
  const steps = release.model.steps;
  const deployIndex = steps.findIndex((s) => s.id === release.model.deploymentStep);
  const ids = new Set<string>();
  steps.forEach((s, i) => {
    if (s.due !== undefined ? parseOffset(s.due) <= 0 : i <= deployIndex) ids.add(s.id);
  });
  return ids;
}

/** `zone` is the team's time zone: due times are calendar days there. */
export function releaseFacts(release: Release, zone: ZoneOffsets): ReleaseFacts {
  const facts: ReleaseFacts = {
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
    steps: [],
  };
  if (release.cancelledAt !== undefined) facts.cancelledAt = Date.parse(release.cancelledAt);
  if (release.outcome) {
    facts.outcome = release.outcome.result;
    facts.failed = FAILED_OUTCOMES.includes(release.outcome.result);
    facts.closedAt = Date.parse(release.outcome.closedAt);
  }
  if (release.deployedAt === undefined) return facts;
  const deployedAt = Date.parse(release.deployedAt);
  facts.deployedAt = deployedAt;
  facts.leadTimeMs = deployedAt - facts.createdAt;
  facts.offPlanMs = deployedAt - facts.plannedAt;
  const atDeployment = stepsAt(release, release.deployedAt);
  const pre = preDeploymentIds(release);
  const finalState = new Map(release.steps.map((s) => [s.stepId, s]));
  const checklist = { done: 0, skipped: 0, open: 0, total: 0 };
  for (const def of release.model.steps) {
    const isPre = pre.has(def.id);
    if (!isPre && release.status !== 'closed') continue;
    const stored = finalState.get(def.id);
    const now = isPre ? atDeployment.get(def.id) : { state: stored?.state ?? 'open', at: stored?.at };
    const state = now?.state ?? 'open';
    let late = false;
    if (state === 'done' && now?.at !== undefined && def.due !== undefined) {
      late = Date.parse(now.at) > zone.applyOffset(facts.plannedAt, def.due);
    }
    facts.steps.push({ stepId: def.id, title: def.title, state, late, preDeployment: isPre });
    if (isPre) {
      checklist.total++;
      checklist[state]++;
    }
  }
  facts.checklist = checklist;
  return facts;
}
