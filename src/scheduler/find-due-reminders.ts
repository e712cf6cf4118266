import { isTerminal, type ReminderState, type Release, type Surface } from '../domain/release-schema.js';
import { waitsForDeployment } from './reminder-kinds.js';

export interface DueReminder {
  releaseId: string;
  reminderId: string;
  surface: Surface;
  dueAt: string;
}

/**
 * Due now: pending, past its due time and past any retry wait; or left 'sending' by a process that died between
 * claiming and marking it (claimed before this scheduler started). Closed and cancelled releases send nothing.
 */
export function isDue(r: ReminderState, now: Date, startedAt: Date): boolean {
  const t = now.getTime();
  if (r.status === 'pending') return Date.parse(r.dueAt) <= t && (r.nextAttemptAt === undefined || Date.parse(r.nextAttemptAt) <= t);
  if (r.status === 'sending') return r.claimedAt === undefined || Date.parse(r.claimedAt) < startedAt.getTime();
  return false;
}

/**
 * Due reminders grouped by release, each group in due order so a thread reads T-2d before T-1h. Reminders that
 * follow the deployment wait for it, whatever their due time says.
 */
export function findDueReminders(releases: readonly Release[], now: Date, startedAt: Date): DueReminder[][] {
  const groups: DueReminder[][] = [];
  for (const release of releases) {
    if (isTerminal(release.status)) continue;
    const due = release.reminders
      .filter((r) => isDue(r, now, startedAt) && !waitsForDeployment(release, r))
      .map((r) => ({ releaseId: release.id, reminderId: r.id, surface: release.location.surface, dueAt: r.dueAt }))
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    if (due.length > 0) groups.push(due);
  }
  return groups;
}
