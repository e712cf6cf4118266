import { applyOffset } from '../domain/apply-offset.js';
import type { ReleaseModel, ReminderDef } from '../models/model-schema.js';

/** What every planning function needs to place reminders in time. */
export interface PlanInput {
  releaseId: string;
  model: ReleaseModel;
  plannedAt: string;
  deployedAt?: string;
  now: Date;
  timeZone: string;
}

/** Models without early life support still get one nudge to close, a day after deployment. */
export const CLOSE_NUDGE_WITHOUT_ELS = '+1d';
export const CLOSE_NUDGE_DEF_ID = 'close-nudge';

/**
 * User communication is about the planned deployment; ELS reminders follow the actual deployment once it happened.
 */
export function reminderDueAt(def: ReminderDef, input: PlanInput): string {
  const base = def.kind === 'communication' ? input.plannedAt : (input.deployedAt ?? input.plannedAt);
  return applyOffset(base, def.at, input.timeZone).toISOString();
}

/** The end of the ELS window (or a day after deployment without ELS): from then on the release manager is asked to close. */
export function closeNudgeDueAt(input: PlanInput): string {
  const base = input.deployedAt ?? input.plannedAt;
  return applyOffset(base, input.model.els?.window ?? CLOSE_NUDGE_WITHOUT_ELS, input.timeZone).toISOString();
}

/** A reminder already past when planned is posted at once and marked overdue, so the release manager sees what was missed. */
export function timingAtPlan(dueAt: string, now: Date): { timing?: 'overdue' } {
  return Date.parse(dueAt) < now.getTime() ? { timing: 'overdue' } : {};
}
