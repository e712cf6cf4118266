import type { ReminderState } from '../domain/release-schema.js';
import type { ReminderDef } from '../models/model-schema.js';
import {
  CLOSE_NUDGE_DEF_ID,
  closeNudgeDueAt,
  DEPLOY_NUDGE_DEF_ID,
  deployNudgeDueAt,
  reminderDueAt,
  timingAtPlan,
  type PlanInput,
} from './reminder-due-at.js';
import { defSide, SKIP_REASONS } from './reminder-kinds.js';

export type { PlanInput } from './reminder-due-at.js';

/**
 * The reminders a release needs in its present state. Before the deployment: the announcements ahead and the first
 * missed-deployment nudge. After it: the go-live and later communication, the ELS reminders and the first nudge to
 * close, all timed from the actual deployment, so none of them can go out before it. Pure.
 */
export function planReminders(input: PlanInput): ReminderState[] {
  const deployed = input.deployedAt !== undefined;
  const planned = input.model.reminders.filter((def) => (defSide(def) === 'after') === deployed).map((def) => planDef(def, input));
  planned.push(deployed ? closeNudge(input, 1) : deployNudge(input, 1));
  return planned;
}

/**
 * One model reminder. An announcement ahead of a deployment time that has already passed could only announce the
 * past, so it is skipped at once, with the reason; a reschedule to a future time plans it again.
 */
export function planDef(def: ReminderDef, input: PlanInput): ReminderState {
  const dueAt = reminderDueAt(def, input);
  const base = { id: `${input.releaseId}:${def.id}`, defId: def.id, kind: def.kind, dueAt, attempts: 0 };
  if (defSide(def) === 'before' && Date.parse(input.plannedAt) <= input.now.getTime()) return { ...base, status: 'skipped', reason: SKIP_REASONS.timePassed };
  return { ...base, status: 'pending', ...timingAtPlan(dueAt, input.now) };
}

export function closeNudge(input: PlanInput, n: number): ReminderState {
  const dueAt = closeNudgeDueAt(input);
  return { id: nudgeId(input.releaseId, CLOSE_NUDGE_DEF_ID, n), defId: CLOSE_NUDGE_DEF_ID, kind: 'close_nudge', dueAt, status: 'pending', attempts: 0, ...timingAtPlan(dueAt, input.now) };
}

/** Never "overdue": it is about the deployment being late now, not about a reminder that was missed. */
export function deployNudge(input: PlanInput, n: number): ReminderState {
  return { id: nudgeId(input.releaseId, DEPLOY_NUDGE_DEF_ID, n), defId: DEPLOY_NUDGE_DEF_ID, kind: 'deploy_nudge', dueAt: deployNudgeDueAt(input), status: 'pending', attempts: 0 };
}

/** The first nudge is `R-42:close-nudge`; each repeat gets its number, so ids stay unique. */
export function nudgeId(releaseId: string, defId: string, n: number): string {
  return n <= 1 ? `${releaseId}:${defId}` : `${releaseId}:${defId}:${n}`;
}

export function closeNudgeId(releaseId: string, n: number): string {
  return nudgeId(releaseId, CLOSE_NUDGE_DEF_ID, n);
}
