import type { ReminderState } from '../domain/release-schema.js';

/** A send within this long after its due time counts as on time: a tick or a quick retry is not "late". */
export const ON_TIME_GRACE_MS = 60_000;

export type SendTiming = NonNullable<ReminderState['timing']>;

/** How a send right now relates to the due time; "overdue" from planning always wins. */
export function sendTiming(reminder: ReminderState, now: Date): SendTiming {
  if (reminder.timing === 'overdue') return 'overdue';
  return now.getTime() - Date.parse(reminder.dueAt) <= ON_TIME_GRACE_MS ? 'on_time' : 'late';
}

/** Too late to be worth sending. A reminder overdue from planning is exempt: it exists to show what was missed. */
export function isTooLate(reminder: ReminderState, now: Date, maxLatenessMs: number): boolean {
  return reminder.timing !== 'overdue' && now.getTime() - Date.parse(reminder.dueAt) > maxLatenessMs;
}

/** Retry delay after `attempts` failed tries: base, 2×base, 4×base … capped so a retry still comes within the hour. */
export function retryDelayMs(attempts: number, retryBaseMs: number, capMs = 3_600_000): number {
  return Math.min(retryBaseMs * 2 ** Math.max(0, attempts - 1), Math.max(capMs, retryBaseMs));
}
