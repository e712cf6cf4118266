import { applyOffset } from '../domain/apply-offset.js';
import { isTerminal, type ReminderState, type Release } from '../domain/release-schema.js';
import { nudgeId } from './plan-reminders.js';

/**
 * Once a nudge is settled (sent, given up or missed) and what it asks for has not happened, the next one is due a
 * calendar day later at the same local time, skipping days already past so a long outage never causes a burst.
 * The nudge to close repeats until the release is closed or cancelled; the missed-deployment nudge until it is
 * deployed, cancelled or rescheduled (a reschedule moves the pending repeat to the new time).
 */
export function nextNudge(release: Release, settled: ReminderState, now: Date, timeZone: string): ReminderState | undefined {
  if (isTerminal(release.status)) return undefined;
  if (settled.kind === 'deploy_nudge' ? release.deployedAt !== undefined : settled.kind !== 'close_nudge') return undefined;
  const nudges = release.reminders.filter((r) => r.kind === settled.kind);
  if (nudges.some((r) => r.id !== settled.id && (r.status === 'pending' || r.status === 'sending'))) return undefined;
  let dueAt = applyOffset(settled.dueAt, '+1d', timeZone);
  for (let i = 0; dueAt.getTime() <= now.getTime() && i < 10_000; i++) dueAt = applyOffset(dueAt.toISOString(), '+1d', timeZone);
  return {
    id: nudgeId(release.id, settled.defId, nudges.length + 1),
    defId: settled.defId,
    kind: settled.kind,
    dueAt: dueAt.toISOString(),
    status: 'pending',
    attempts: 0,
  };
}
