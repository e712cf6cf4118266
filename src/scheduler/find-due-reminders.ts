import { isTerminal, type ReminderState, type Release, type Surface } from '../domain/release-schema.js';
import { waitsForDeployment } from './reminder-kinds.js';

export interface DueReminder {
  releaseId: string;
  reminderId: string;
  surface: Surface;
  dueAt: string;
}

/**
 * When a 'sending' claim counts as abandoned, so the reminder is due again.
 * - Without `claimLeaseMs` (one process per store): a claim made before this scheduler started was left by a process
 *   that died between claiming and marking it; claims made since are this process's own and still in flight.
 * - With `claimLeaseMs` (several instances on one database): another live instance may have claimed it a moment ago,
 *   so a claim is abandoned only once it is older than the lease, whoever made it.
 */
export interface DuePolicy {
  startedAt: Date;
  claimLeaseMs?: number;
}

/**
 * The time (ms since the epoch) from which the reminder is due by its own state, or undefined if time alone never
 * makes it due (settled, or claimed and still in flight). Due means: pending, past its due time and past any retry
 * wait; or 'sending' under an abandoned claim.
 */
export function dueFrom(r: ReminderState, policy: DuePolicy): number | undefined {
  if (r.status === 'pending') return Math.max(Date.parse(r.dueAt), r.nextAttemptAt === undefined ? -Infinity : Date.parse(r.nextAttemptAt));
  if (r.status !== 'sending') return undefined;
  if (r.claimedAt === undefined) return -Infinity;
  const claimedAt = Date.parse(r.claimedAt);
  if (policy.claimLeaseMs !== undefined) return claimedAt + policy.claimLeaseMs;
  return claimedAt < policy.startedAt.getTime() ? claimedAt : undefined;
}

export function isDue(r: ReminderState, now: Date, policy: DuePolicy): boolean {
  const from = dueFrom(r, policy);
  return from !== undefined && from <= now.getTime();
}

/**
 * The earliest time at which the release could have a reminder due, or undefined if none can come due without the
 * release changing first: closed and cancelled releases send nothing, and reminders that follow the deployment wait
 * for it (recording it is a change). The scheduler's next-due index keeps this per release.
 */
export function nextDueAt(release: Release, policy: DuePolicy): number | undefined {
  if (isTerminal(release.status)) return undefined;
  let next: number | undefined;
  for (const r of release.reminders) {
    const from = dueFrom(r, policy);
    if (from === undefined || waitsForDeployment(release, r)) continue;
    if (next === undefined || from < next) next = from;
  }
  return next;
}

/**
 * Due reminders grouped by release, each group in due order so a thread reads T-2d before T-1h. Reminders that
 * follow the deployment wait for it, whatever their due time says.
 */
export function findDueReminders(releases: readonly Release[], now: Date, policy: DuePolicy): DueReminder[][] {
  const groups: DueReminder[][] = [];
  for (const release of releases) {
    if (isTerminal(release.status)) continue;
    const due = release.reminders
      .filter((r) => isDue(r, now, policy) && !waitsForDeployment(release, r))
      .map((r) => ({ releaseId: release.id, reminderId: r.id, surface: release.location.surface, dueAt: r.dueAt }))
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    if (due.length > 0) groups.push(due);
  }
  return groups;
}
