import { applyOffset } from '../domain/apply-offset.js';
import type { ReleaseModel, ReminderDef } from '../models/model-schema.js';
import { defSide } from './reminder-kinds.js';

/** What every planning function needs to place reminders in time. */
export interface PlanInput {
  releaseId: string;
  model: ReleaseModel;
  plannedAt: string;
  deployedAt?: string;
  now: Date;
  timeZone: string;
  /** ON_TIME_TOLERANCE: how long after the planned time a missing deployment is nudged. Default one hour, as the config's. */
  deployNudgeAfterMs?: number;
}

/** Models without early life support still get one nudge to close, a day after deployment. */
export const CLOSE_NUDGE_WITHOUT_ELS = '+1d';
export const CLOSE_NUDGE_DEF_ID = 'close-nudge';
export const DEPLOY_NUDGE_DEF_ID = 'deploy-nudge';
export const CORRECTION_DEF_ID = 'correction';
export const DEFAULT_DEPLOY_NUDGE_AFTER_MS = 3_600_000;

/**
 * Announcements ahead are about the planned deployment; everything after T follows the actual deployment, so it is
 * only planned once there is one (before that, the planned time stands in for callers that ask anyway).
 */
export function reminderDueAt(def: ReminderDef, input: PlanInput): string {
  const base = defSide(def) === 'before' ? input.plannedAt : (input.deployedAt ?? input.plannedAt);
  return applyOffset(base, def.at, input.timeZone).toISOString();
}

/** The end of the ELS window (or a day after deployment without ELS): from then on the release manager is asked to close. */
export function closeNudgeDueAt(input: PlanInput): string {
  const base = input.deployedAt ?? input.plannedAt;
  return applyOffset(base, input.model.els?.window ?? CLOSE_NUDGE_WITHOUT_ELS, input.timeZone).toISOString();
}

/**
 * The planned time plus the on-time tolerance; for a time already past when planned (a backdated release, a
 * withdrawn deployment) it is due at once, so the release manager hears of it now rather than never.
 */
export function deployNudgeDueAt(input: PlanInput): string {
  const at = Date.parse(input.plannedAt) + (input.deployNudgeAfterMs ?? DEFAULT_DEPLOY_NUDGE_AFTER_MS);
  return new Date(Math.max(at, input.now.getTime())).toISOString();
}

/** A reminder already past when planned is posted at once and marked overdue, so the release manager sees what was missed. */
export function timingAtPlan(dueAt: string, now: Date): { timing?: 'overdue' } {
  return Date.parse(dueAt) < now.getTime() ? { timing: 'overdue' } : {};
}
