import type { ReminderState } from '../domain/release-schema.js';

/** What closing a release ends: the ELS check-ins, the exit review and the nudges to close. */
export const CLOSE_CANCELS: readonly ReminderState['kind'][] = ['els_checkin', 'els_exit_review', 'close_nudge'];

/**
 * Cancels the reminders still to come: all of them (cancelling a release) or only the given kinds (closing it).
 * A reminder being sent right now is cancelled too, so a failed send is not retried; if it was in fact delivered
 * the scheduler records it as sent. History (sent, failed, missed) stays. Pure.
 * `_now` is accepted for callers' symmetry with planning; the reminder record has no field for the cancel time
 * (the release's audit entry carries it).
 */
export function cancelReminders(
  current: ReminderState[],
  opts?: { kinds?: readonly ReminderState['kind'][] },
  _now?: Date,
): ReminderState[] {
  const kinds = opts?.kinds;
  return current.map((r) => {
    if (r.status !== 'pending' && r.status !== 'sending') return r;
    if (kinds && !kinds.includes(r.kind)) return r;
    const { nextAttemptAt: _next, ...rest } = r;
    return { ...rest, status: 'cancelled' };
  });
}
