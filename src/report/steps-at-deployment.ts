import type { Release } from '../domain/release-schema.js';

export type StepStateName = 'open' | 'done' | 'skipped';

export interface StepAt {
  state: StepStateName;
  /** When the step reached that state (ISO-8601), if it did. */
  at?: string;
}

/** Audit actions that change a step's state. The release service writes 'complete' / 'undo' / 'skip'; the aliases keep old data readable. */
const ACTION_STATE: Record<string, StepStateName> = {
  complete: 'done',
  done: 'done',
  skip: 'skipped',
  skipped: 'skipped',
  undo: 'open',
  reopen: 'open',
};

/**
 * The checklist as it stood at `atIso`, replayed from the audit trail: the final step states say what is true now,
 * and a step ticked after the deployment must not count as done when the release went out.
 * A step with no step action in the audit at all falls back to its stored state if that was reached by `atIso`
 * (releases written before the audit recorded step actions). The deployment step itself is done at deployment by definition.
 */
export function stepsAt(release: Release, atIso: string): Map<string, StepAt> {
  const at = Date.parse(atIso);
  const result = new Map<string, StepAt>();
  const reachedAt = new Map<string, number>();
  const seenInAudit = new Set<string>();
  for (const entry of release.audit) {
    if (entry.stepId === undefined) continue;
    const state = ACTION_STATE[entry.action];
    if (state === undefined) continue;
    seenInAudit.add(entry.stepId);
    const when = Date.parse(entry.at);
    // Entries are appended in time order, but a clock step backwards must not let an older entry win.
    if (when > at || when < (reachedAt.get(entry.stepId) ?? -Infinity)) continue;
    reachedAt.set(entry.stepId, when);
    result.set(entry.stepId, { state, at: entry.at });
  }
  for (const step of release.steps) {
    if (seenInAudit.has(step.stepId)) continue;
    const reached = step.state !== 'open' && step.at !== undefined && Date.parse(step.at) <= at;
    result.set(step.stepId, reached ? { state: step.state, at: step.at } : { state: 'open' });
  }
  for (const def of release.model.steps) {
    const current = result.get(def.id);
    if (current === undefined || current.state === 'open') {
      result.set(def.id, def.id === release.model.deploymentStep ? { state: 'done', at: atIso } : { state: 'open' });
    }
  }
  return result;
}
