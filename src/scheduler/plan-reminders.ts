import type { ReminderState } from '../domain/release-schema.js';
import { CLOSE_NUDGE_DEF_ID, closeNudgeDueAt, reminderDueAt, timingAtPlan, type PlanInput } from './reminder-due-at.js';

export type { PlanInput } from './reminder-due-at.js';

/** One pending reminder per model reminder, plus the first nudge to close the release. Pure. */
export function planReminders(input: PlanInput): ReminderState[] {
  const planned: ReminderState[] = input.model.reminders.map((def) => {
    const dueAt = reminderDueAt(def, input);
    return {
      id: `${input.releaseId}:${def.id}`,
      defId: def.id,
      kind: def.kind,
      dueAt,
      status: 'pending',
      attempts: 0,
      ...timingAtPlan(dueAt, input.now),
    };
  });
  const nudgeDue = closeNudgeDueAt(input);
  planned.push({
    id: closeNudgeId(input.releaseId, 1),
    defId: CLOSE_NUDGE_DEF_ID,
    kind: 'close_nudge',
    dueAt: nudgeDue,
    status: 'pending',
    attempts: 0,
    ...timingAtPlan(nudgeDue, input.now),
  });
  return planned;
}

/** The first nudge is `R-42:close-nudge`; each repeat gets its number, so ids stay unique. */
export function closeNudgeId(releaseId: string, n: number): string {
  return n <= 1 ? `${releaseId}:${CLOSE_NUDGE_DEF_ID}` : `${releaseId}:${CLOSE_NUDGE_DEF_ID}:${n}`;
}
