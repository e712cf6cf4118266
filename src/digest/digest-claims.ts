import type { PlaceRecord } from '../storage/place-store.js';

/*
 * A person's daily digest as pure change functions for `places.update`, like the reminders' claim, send, mark: the
 * claim is one serialised update, so of several schedulers on one place store (instances on one database) exactly one
 * gets it and sends; the others see it claimed, then sent.
 */

type Change<T> = { record?: PlaceRecord; result: T };

/**
 * When a claim counts as abandoned (its claimer died mid-send). Without `claimLeaseMs` (one process per store): a
 * claim made before this scheduler started. With it (several instances): a claim older than the lease.
 */
export interface DigestClaimPolicy {
  startedAt: Date;
  claimLeaseMs?: number;
}

/** `claimed`: this scheduler sends it now. `busy`: another is sending it. `later`: a failed try waits. */
export type DigestClaim = 'claimed' | 'off' | 'sent' | 'busy' | 'later' | 'gave_up';

export interface DigestClaimContext {
  day: string;
  now: Date;
  maxAttempts: number;
  policy: DigestClaimPolicy;
}

function abandoned(claimedAt: string, ctx: DigestClaimContext): boolean {
  const at = Date.parse(claimedAt);
  if (ctx.policy.claimLeaseMs !== undefined) return at + ctx.policy.claimLeaseMs <= ctx.now.getTime();
  return at < ctx.policy.startedAt.getTime();
}

/** Claims today's digest unless it is off, sent, being sent, waiting to be tried again, or given up for today. */
export function claimDigest(record: PlaceRecord, ctx: DigestClaimContext): Change<DigestClaim> {
  const digest = record.digest;
  if (digest?.off) return { result: 'off' };
  if (digest?.lastSentOn === ctx.day) return { result: 'sent' };
  const today = digest?.delivery?.day === ctx.day ? digest.delivery : undefined;
  const failedTries = today?.failedTries ?? 0;
  if (failedTries >= ctx.maxAttempts) return { result: 'gave_up' };
  if (today?.claimedAt !== undefined && !abandoned(today.claimedAt, ctx)) return { result: 'busy' };
  if (today?.retryAt !== undefined && Date.parse(today.retryAt) > ctx.now.getTime()) return { result: 'later' };
  // A claim taken over from a dead claimer counts no failed try: nobody knows whether it went out.
  const delivery = { day: ctx.day, claimedAt: ctx.now.toISOString(), ...(failedTries > 0 ? { failedTries } : {}) };
  return { record: { ...record, digest: { off: false, ...digest, delivery } }, result: 'claimed' };
}

/** Sent: the day is recorded and the claim goes, whoever holds it by now (it did go out). */
export function markDigestSent(record: PlaceRecord, day: string): Change<undefined> {
  const { delivery: _d, ...rest } = record.digest ?? { off: false };
  return { record: { ...record, digest: { ...rest, lastSentOn: day } }, result: undefined };
}

/**
 * The send failed: the claim is handed back with one more failed try and the time of the next (a minute, then two,
 * ...). Answers the failed tries so far, or undefined if the claim is no longer ours (taken over after a lease).
 */
export function failDigest(record: PlaceRecord, at: { day: string; claimedAt: string; now: Date; retryAfterMs: number }): Change<number | undefined> {
  const digest = record.digest;
  const delivery = digest?.delivery;
  if (!digest || !delivery || delivery.day !== at.day || delivery.claimedAt !== at.claimedAt) return { result: undefined };
  const failedTries = (delivery.failedTries ?? 0) + 1;
  const retryAt = new Date(at.now.getTime() + at.retryAfterMs * failedTries).toISOString();
  return { record: { ...record, digest: { ...digest, delivery: { day: at.day, failedTries, retryAt } } }, result: failedTries };
}
