import type { ReminderState, Release } from '../domain/release-schema.js';
import type { Change } from '../storage/release-store.js';
import { isDue } from './find-due-reminders.js';
import { nextCloseNudge } from './next-close-nudge.js';
import { isTooLate, retryDelayMs, sendTiming, type SendTiming } from './reminder-timing.js';

/*
 * The scheduler's state changes, as pure change functions for `store.update`: each one re-reads the latest stored
 * reminder, so a claim made by one worker is seen by every other and a reminder is never sent twice by one process.
 */

export type ClaimOutcome =
  | { kind: 'skip' }
  | { kind: 'missed'; reminder: ReminderState }
  | { kind: 'claimed'; reminder: ReminderState; release: Release; timing: SendTiming };

export interface ClaimContext {
  now: Date;
  startedAt: Date;
  maxLatenessMs: number;
  /** False when no sender serves the release's surface: a reminder is then only marked missed, never claimed. */
  canSend: boolean;
  timeZone: string;
}

export function claimReminder(release: Release, reminderId: string, ctx: ClaimContext): Change<ClaimOutcome> {
  const r = release.reminders.find((x) => x.id === reminderId);
  if (!r || !isDue(r, ctx.now, ctx.startedAt) || release.status === 'closed' || release.status === 'cancelled')
    return { result: { kind: 'skip' } };
  if (isTooLate(r, ctx.now, ctx.maxLatenessMs)) {
    const { nextAttemptAt: _n, ...rest } = r;
    const missed: ReminderState = { ...rest, status: 'missed', timing: 'late' };
    return { release: replace(release, missed, ctx.now, ctx.timeZone), result: { kind: 'missed', reminder: missed } };
  }
  if (!ctx.canSend) return { result: { kind: 'skip' } };
  const claimed: ReminderState = { ...r, status: 'sending', claimedAt: ctx.now.toISOString() };
  const updated = replace(release, claimed, ctx.now, ctx.timeZone);
  return { release: updated, result: { kind: 'claimed', reminder: claimed, release: updated, timing: sendTiming(r, ctx.now) } };
}

/** Delivered. A reminder cancelled while it was on its way is recorded as sent too: that is what happened. */
export function markSent(release: Release, reminderId: string, at: { now: Date; timing: SendTiming; timeZone: string }): Change<boolean> {
  const r = release.reminders.find((x) => x.id === reminderId);
  if (!r || (r.status !== 'sending' && r.status !== 'cancelled')) return { result: false };
  const { nextAttemptAt: _n, ...rest } = r;
  const sent: ReminderState = { ...rest, status: 'sent', sentAt: at.now.toISOString(), timing: at.timing };
  return { release: replace(release, sent, at.now, at.timeZone), result: true };
}

export interface FailContext {
  now: Date;
  error: string;
  timing: SendTiming;
  maxAttempts: number;
  retryBaseMs: number;
  timeZone: string;
}

/** A failed try waits with exponential backoff; the last allowed try gives up and leaves the reminder 'failed'. */
export function markFailed(release: Release, reminderId: string, ctx: FailContext): Change<'retry' | 'gave_up' | 'skip'> {
  const r = release.reminders.find((x) => x.id === reminderId);
  if (!r || r.status !== 'sending') return { result: 'skip' };
  const attempts = r.attempts + 1;
  const { nextAttemptAt: _n, ...rest } = r;
  if (attempts >= ctx.maxAttempts) {
    const failed: ReminderState = { ...rest, attempts, status: 'failed', timing: ctx.timing, lastError: ctx.error };
    return { release: replace(release, failed, ctx.now, ctx.timeZone), result: 'gave_up' };
  }
  const nextAttemptAt = new Date(ctx.now.getTime() + retryDelayMs(attempts, ctx.retryBaseMs)).toISOString();
  const retry: ReminderState = { ...rest, attempts, status: 'pending', nextAttemptAt, lastError: ctx.error };
  return { release: replace(release, retry, ctx.now, ctx.timeZone), result: 'retry' };
}

function replace(release: Release, reminder: ReminderState, now: Date, timeZone: string): Release {
  const reminders = release.reminders.map((x) => (x.id === reminder.id ? reminder : x));
  const settled = reminder.status === 'sent' || reminder.status === 'failed' || reminder.status === 'missed';
  const follow = settled ? nextCloseNudge({ ...release, reminders }, reminder, now, timeZone) : undefined;
  if (follow) reminders.push(follow);
  // rev is the store's to bump.
  return { ...release, reminders, updatedAt: now.toISOString() };
}
