import type { ReminderState } from '../domain/release-schema.js';
import { planReminders } from './plan-reminders.js';
import { CLOSE_NUDGE_DEF_ID, closeNudgeDueAt, timingAtPlan, type PlanInput } from './reminder-due-at.js';

/**
 * After a reschedule or a deployment: pending reminders move to their new due time with fresh retry state,
 * and those now in the past become overdue. Sent, failed, missed and cancelled ones are history and stay as
 * they are; one being sent right now belongs to the scheduler and is left alone too. Pure.
 */
export function replanReminders(current: ReminderState[], input: PlanInput): ReminderState[] {
  const fresh = new Map(planReminders(input).map((r) => [r.defId, r]));
  const nudgeEnd = closeNudgeDueAt(input);
  const seen = new Set<string>();
  const next = current.map((r): ReminderState => {
    seen.add(r.defId);
    if (r.status !== 'pending') return r;
    const dueAt = r.defId === CLOSE_NUDGE_DEF_ID ? nudgeDueAt(r, nudgeEnd) : fresh.get(r.defId)?.dueAt;
    if (dueAt === undefined) return r;
    return { id: r.id, defId: r.defId, kind: r.kind, dueAt, status: 'pending', attempts: 0, ...timingAtPlan(dueAt, input.now) };
  });
  // A reminder the release never had (planned before its model gained it) is added, as planning would.
  for (const [defId, planned] of fresh) if (!seen.has(defId)) next.push(planned);
  return next;
}

/**
 * The first nudge follows the end of the window. A repeat already exists only because a nudge was sent,
 * so it keeps its daily slot unless the window now ends later.
 */
function nudgeDueAt(r: ReminderState, windowEnd: string): string {
  const isRepeat = r.id.split(':').length > 2;
  if (!isRepeat) return windowEnd;
  return Date.parse(windowEnd) > Date.parse(r.dueAt) ? windowEnd : r.dueAt;
}
