import { applyOffset } from '../domain/apply-offset.js';
import { isTerminal, type ReminderState, type Release } from '../domain/release-schema.js';
import { closeNudgeId } from './plan-reminders.js';
import { CLOSE_NUDGE_DEF_ID } from './reminder-due-at.js';

/**
 * Once a nudge to close is settled (sent, given up or missed) and the release is still open, the next one is due a
 * calendar day later at the same local time, skipping days already past so a long outage never causes a burst.
 */
export function nextCloseNudge(release: Release, settled: ReminderState, now: Date, timeZone: string): ReminderState | undefined {
  if (settled.kind !== 'close_nudge' || isTerminal(release.status)) return undefined;
  const nudges = release.reminders.filter((r) => r.kind === 'close_nudge');
  if (nudges.some((r) => r.id !== settled.id && (r.status === 'pending' || r.status === 'sending'))) return undefined;
  let dueAt = applyOffset(settled.dueAt, '+1d', timeZone);
  for (let i = 0; dueAt.getTime() <= now.getTime() && i < 10_000; i++) dueAt = applyOffset(dueAt.toISOString(), '+1d', timeZone);
  return {
    id: closeNudgeId(release.id, nudges.length + 1),
    defId: CLOSE_NUDGE_DEF_ID,
    kind: 'close_nudge',
    dueAt: dueAt.toISOString(),
    status: 'pending',
    attempts: 0,
  };
}
