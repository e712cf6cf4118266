import type { ReminderState, Release } from '../domain/release-schema.js';
import type { Change } from '../storage/release-store.js';
import { isDue, type DuePolicy } from './find-due-reminders.js';
import { nextNudge } from './next-nudge.js';
import { isStepReminder, reminderSide, SKIP_REASONS, waitsForDeployment } from './reminder-kinds.js';
import { openStepIds } from './step-nudge-text.js';
import { isTooLate, retryDelayMs, sendTiming, type SendTiming } from './reminder-timing.js';

/*
 * The scheduler's state changes, as pure change functions for `store.update`: each one re-reads the latest stored
 * reminder, so a claim made by one worker is seen by every other and a reminder is never sent twice by one process.
 */

export interface Claimed {
  reminder: ReminderState;
  timing: SendTiming;
}

export interface ClaimOutcome {
  /** Claimed for sending, in the order asked. */
  claimed: Claimed[];
  missed: ReminderState[];
  /** Announcements that came due after the deployment, or after its planned time: skipped, with the reason. */
  skipped: ReminderState[];
  /** The release as stored with the claims, for building and delivering the messages. */
  release: Release;
}

export interface ClaimContext {
  now: Date;
  /** Which 'sending' claims count as abandoned, as the scheduler found them due. */
  policy: DuePolicy;
  maxLatenessMs: number;
  /** False when no sender serves the release's surface: reminders are then only marked missed, never claimed. */
  canSend: boolean;
  timeZone: string;
}

/**
 * Claims a release's due reminders in one write ('sending', with claimedAt) and marks those too late to send as
 * missed. Claiming them together costs one write instead of one each; it does not widen the crash window, since a
 * claimed reminder that was never sent is simply sent by the next process.
 */
export function claimDue(release: Release, reminderIds: readonly string[], ctx: ClaimContext): Change<ClaimOutcome> {
  const claimed: Claimed[] = [];
  const missed: ReminderState[] = [];
  const skipped: ReminderState[] = [];
  let next = release;
  if (release.status === 'closed' || release.status === 'cancelled') return { result: { claimed, missed, skipped, release } };
  for (const id of reminderIds) {
    const r = next.reminders.find((x) => x.id === id);
    if (!r || !isDue(r, ctx.now, ctx.policy) || waitsForDeployment(next, r)) continue;
    const moot = mootReason(next, r, ctx.now);
    if (moot) {
      const { nextAttemptAt: _n, claimedAt: _c, ...rest } = r;
      const s: ReminderState = { ...rest, status: 'skipped', reason: moot };
      skipped.push(s);
      next = replace(next, s, ctx.now, ctx.timeZone);
    } else if (isTooLate(r, ctx.now, ctx.maxLatenessMs)) {
      const { nextAttemptAt: _n, ...rest } = r;
      const m: ReminderState = { ...rest, status: 'missed', timing: 'late' };
      missed.push(m);
      next = replace(next, m, ctx.now, ctx.timeZone);
    } else if (ctx.canSend) {
      const c: ReminderState = { ...r, status: 'sending', claimedAt: ctx.now.toISOString() };
      claimed.push({ reminder: c, timing: sendTiming(r, ctx.now) });
      next = replace(next, c, ctx.now, ctx.timeZone);
    }
  }
  if (next === release) return { result: { claimed, missed, skipped, release } };
  return { release: next, result: { claimed, missed, skipped, release: next } };
}

/**
 * An announcement ahead (or a correction of the time) only makes sense while the deployment is still ahead: once it
 * happened, or its planned time passed, sending it would announce the past. A reschedule plans it again.
 */
function mootReason(release: Release, r: ReminderState, now: Date): string | undefined {
  if (isStepReminder(r)) return openStepIds(release, r).length === 0 ? SKIP_REASONS.stepsSettled : undefined;
  if (r.kind === 'deploy_nudge' || reminderSide(release.model, r) !== 'before') return undefined;
  if (release.deployedAt) return Date.parse(release.deployedAt) < Date.parse(release.plannedAt) ? SKIP_REASONS.deployedEarly : SKIP_REASONS.deployedBeforeSent;
  return Date.parse(release.plannedAt) <= now.getTime() ? SKIP_REASONS.timePassed : undefined;
}

/** Hands claims back unsent (their surface stalled this tick), so the next tick picks them up again. */
export function releaseClaims(release: Release, reminderIds: readonly string[], now: Date): Change<number> {
  let count = 0;
  const reminders = release.reminders.map((r) => {
    if (!reminderIds.includes(r.id) || r.status !== 'sending') return r;
    count++;
    const { claimedAt: _c, ...rest } = r;
    return { ...rest, status: 'pending' as const };
  });
  return count === 0 ? { result: 0 } : { release: { ...release, reminders, updatedAt: now.toISOString() }, result: count };
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
  const follow = settled ? nextNudge({ ...release, reminders }, reminder, now, timeZone) : undefined;
  if (follow) reminders.push(follow);
  // rev is the store's to bump.
  return { ...release, reminders, updatedAt: now.toISOString() };
}
