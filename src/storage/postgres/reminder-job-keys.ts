import { createHash } from 'node:crypto';
import type { ReminderState, Release } from '../../domain/release-schema.js';
import { waitsForDeployment } from '../../scheduler/reminder-kinds.js';

/** One wanted job: the reminder it wakes, and when. */
export interface WantedJob {
  id: string;
  reminderId: string;
  startAfter: Date;
}

/**
 * When a reminder needs its release woken: a pending one at max(due time, retry time), unless it waits for the
 * deployment. Anything else needs no job: a claim left 'sending' is found by the sweep in reminder-jobs.ts.
 */
function wake(release: Release, r: ReminderState): { kind: string; at: number } | undefined {
  if (release.status === 'closed' || release.status === 'cancelled') return undefined;
  if (r.status !== 'pending' || waitsForDeployment(release, r)) return undefined;
  return { kind: 'due', at: Math.max(Date.parse(r.dueAt), r.nextAttemptAt ? Date.parse(r.nextAttemptAt) : 0) };
}

/**
 * A job id is a UUID derived from what the job is for (release, reminder, why and when it wakes, attempt), so every
 * instance that plans the same job plans the same id, and pg-boss stores it once. `generation` makes a fresh id for
 * a job planned again while its earlier namesake is finished or running (see reminder-jobs.ts).
 */
export function jobId(releaseId: string, reminderId: string, what: string, generation = ''): string {
  const hex = createHash('sha1').update(`release-bot/reminder/${releaseId}/${reminderId}/${what}/${generation}`).digest('hex');
  // Laid out as an RFC 9562 name-based UUID (version 5, variant 10), which is what pg-boss's uuid column accepts.
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** Every job a release wants now, by reminder id. */
export function wantedJobs(release: Release): Map<string, WantedJob> {
  const wanted = new Map<string, WantedJob>();
  for (const r of release.reminders) {
    const w = wake(release, r);
    if (w) wanted.set(r.id, { id: jobId(release.id, r.id, `${w.kind}/${w.at}/${r.attempts}`), reminderId: r.id, startAfter: new Date(w.at) });
  }
  return wanted;
}

export interface JobChanges {
  send: WantedJob[];
  cancel: string[];
}

/** Statuses a reminder reaches through its own job (claimed, sent, given up, too late): that job is running, not to cancel. */
const CONSUMED = new Set(['sending', 'sent', 'failed', 'missed']);

/**
 * What one stored change does to the jobs: a job for every reminder that now wants one it did not (newly pending,
 * moved, retried, handed back), and the old job of every reminder that was moved, cancelled or skipped, cancelled.
 * A claim or a sent mark changes no job, so the two writes of every reminder sent need no transaction of their own.
 */
export function jobChanges(before: Release | undefined, after: Release): JobChanges {
  const was = before ? wantedJobs(before) : new Map<string, WantedJob>();
  const now = wantedJobs(after);
  const send = [...now.values()].filter((job) => was.get(job.reminderId)?.id !== job.id);
  const cancel = [...was.values()]
    .filter((job) => now.get(job.reminderId)?.id !== job.id && !CONSUMED.has(after.reminders.find((r) => r.id === job.reminderId)?.status ?? ''))
    .map((job) => job.id);
  return { send, cancel };
}
