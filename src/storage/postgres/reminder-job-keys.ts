import { createHash } from 'node:crypto';
import type { ReminderState, Release } from '../../domain/release-schema.js';
import { waitsForDeployment } from '../../scheduler/reminder-kinds.js';

/** One wanted job: the reminder it wakes, and when. */
export interface WantedJob {
  id: string;
  reminderId: string;
  startAfter: Date;
}

/** A pending reminder is wanted at max(due time, retry time); one that waits for the deployment is not wanted yet. */
function wakeAt(release: Release, r: ReminderState): number | undefined {
  if (release.status === 'closed' || release.status === 'cancelled') return undefined;
  if (r.status !== 'pending' || waitsForDeployment(release, r)) return undefined;
  return Math.max(Date.parse(r.dueAt), r.nextAttemptAt ? Date.parse(r.nextAttemptAt) : 0);
}

/**
 * A job id is a UUID derived from what the job is for (release, reminder, wake time, attempt, and a generation that
 * only a handed-back claim sets), so every instance that plans the same job plans the same id, and pg-boss stores it
 * once. A moved due time or a retry is a new id; the old one is cancelled.
 */
export function jobId(releaseId: string, reminderId: string, at: number, attempts: number, generation = ''): string {
  const hex = createHash('sha1').update(`release-bot/reminder/${releaseId}/${reminderId}/${at}/${attempts}/${generation}`).digest('hex');
  // Laid out as an RFC 9562 name-based UUID (version 5, variant 10), which is what pg-boss's uuid column accepts.
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** Every job a release wants now, by reminder id. */
export function wantedJobs(release: Release): Map<string, WantedJob> {
  const wanted = new Map<string, WantedJob>();
  for (const r of release.reminders) {
    const at = wakeAt(release, r);
    if (at !== undefined) wanted.set(r.id, { id: jobId(release.id, r.id, at, r.attempts), reminderId: r.id, startAfter: new Date(at) });
  }
  return wanted;
}

export interface JobChanges {
  send: WantedJob[];
  cancel: string[];
}

/**
 * What one stored change does to the jobs. A reminder that became wanted, or whose wake time moved, gets a job; the
 * job of a reminder that is no longer wanted because it was cancelled, skipped or moved is cancelled. A job that is
 * running (its reminder is now 'sending', 'sent' or 'missed') is left to finish. A claim handed back unsent
 * ('sending' → 'pending') gets a job of a new generation, since its first job is the one running now.
 */
export function jobChanges(before: Release | undefined, after: Release): JobChanges {
  const was = before ? wantedJobs(before) : new Map<string, WantedJob>();
  const now = wantedJobs(after);
  const send: WantedJob[] = [];
  const cancel: string[] = [];
  for (const [rid, job] of now) {
    if (was.get(rid)?.id === job.id) continue;
    const prior = before?.reminders.find((r) => r.id === rid);
    if (prior?.status === 'sending') {
      const at = job.startAfter.getTime();
      const r = after.reminders.find((x) => x.id === rid)!;
      send.push({ ...job, id: jobId(after.id, rid, at, r.attempts, `handback-${after.rev}`) });
    } else send.push(job);
  }
  for (const [rid, job] of was) {
    if (now.get(rid)?.id === job.id) continue;
    const status = after.reminders.find((r) => r.id === rid)?.status;
    if (status === undefined || status === 'pending' || status === 'cancelled' || status === 'skipped') cancel.push(job.id);
  }
  return { send, cancel };
}
