import type { Clock } from '../domain/clock.js';
import type { RoleHolders } from '../domain/gates.js';
import type { Release, Surface } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import type { ReminderSender } from '../scheduler/reminder-message.js';
import { tickLoop } from '../scheduler/tick-loop.js';
import { withTimeout } from '../scheduler/with-timeout.js';
import type { PlaceStore } from '../storage/place-store.js';
import type { ReleaseStore } from '../storage/release-store.js';
import type { ReleaseChanges } from '../storage/watch-release-changes.js';
import { digestKey } from './build-digests.js';
import { collectDigests } from './collect-digests.js';
import { claimDigest, failDigest, markDigestSent, type DigestClaim, type DigestClaimPolicy } from './digest-claims.js';
import type { Digest } from './digest.js';
import { digestMoment, nextDayStart, type DigestTime } from './digest-time.js';

export interface DigestSchedulerOptions {
  store: ReleaseStore;
  /** Where each person's choice (off) and the last day their digest went out are kept. */
  places: PlaceStore;
  clock: Clock;
  timeZone: string;
  /** DIGEST_AT; undefined sends none. */
  at?: DigestTime;
  senderFor(surface: Surface): ReminderSender | undefined;
  rolesFor(release: Release): Promise<RoleHolders>;
  logger: Logger;
  tickSeconds: number;
  /** Tries per person and day before the digest is given up until tomorrow. Default 3. */
  maxAttempts?: number;
  retryAfterMs?: number;
  /**
   * Several instances on one database: a digest claimed by another instance is taken over only once the claim is
   * older than this (its instance died mid-send). Must exceed the send timeout (15 s). Omitted (one process per
   * store): a claim made before this scheduler started is taken over at once.
   */
  claimLeaseMs?: number;
  /**
   * The store's writes (the watched store's reports). With them, after a look that found nothing due for anyone, the
   * next look (which reads every active release) waits until a release changes, or `idleRecheckMs` at most (default
   * 5 min: steps come within a day of their due time, and another instance's writes are not reported). Without
   * them, such a look repeats every tick.
   */
  changes?: ReleaseChanges;
  idleRecheckMs?: number;
}

const SEND_TIMEOUT_MS = 15_000;

export interface DigestScheduler {
  start(): void;
  stop(): Promise<void>;
  /** Sends today's digests that are due and not sent yet; answers how many went out. */
  tick(): Promise<number>;
  /** Everyone's digests as of now, e.g. for "digest" typed by one of them. */
  digests(): Promise<Digest[]>;
}

/**
 * Once a day at DIGEST_AT in the team's zone, each person with steps overdue or due within a day gets them in one
 * message on the surface their releases live on. Per person: claim (one update of their place record, so of several
 * instances on one database only one sends), send, then record the day; a failed send hands the claim back with the
 * time of the next try, and after `maxAttempts` failed tries (counted across instances) the digest waits for the next
 * day. A crash between the claim and the record leaves the claim; it is taken over (see `claimLeaseMs`) and sent
 * again, the same at-least-once window as for reminders. A bot that was down at the hour sends the day's digests
 * when it comes back that day.
 */
export function createDigestScheduler(opts: DigestSchedulerOptions): DigestScheduler {
  const { store, places, clock, logger, timeZone } = opts;
  const maxAttempts = opts.maxAttempts ?? 3;
  const retryAfterMs = opts.retryAfterMs ?? 60_000;
  if (opts.claimLeaseMs !== undefined && !(opts.claimLeaseMs > SEND_TIMEOUT_MS))
    throw new RangeError(`claimLeaseMs (${opts.claimLeaseMs}) must exceed the digest send timeout (${SEND_TIMEOUT_MS} ms)`);
  const policy: DigestClaimPolicy = { startedAt: clock.now(), ...(opts.claimLeaseMs !== undefined ? { claimLeaseMs: opts.claimLeaseMs } : {}) };
  // What this process knows without the place store, for when its writes fail: a digest sent (so a failed record
  // does not send it again every tick), and one whose claim could not be handed back (left until the next day).
  const sentToday = new Map<string, string>();
  const stuckToday = new Map<string, string>();
  // The day whose digests are all settled (sent, off, or given up): later ticks that day read nothing.
  let settledDay: string | undefined;
  // Most ticks read nothing and compute nothing: before the hour, once the day is settled, and for a while after a look
  // that found nothing due for anyone (a look reads every active release; one each second would be the bot's whole
  // idle cost), unless a release changes meanwhile.
  const idleRecheckMs = opts.idleRecheckMs ?? 5 * 60_000;
  let sleepUntil = 0;
  let wakeOnChange = false;
  opts.changes?.subscribe({
    proposed: () => undefined,
    stored: () => {
      if (wakeOnChange) sleepUntil = 0;
    },
  });
  function sleep(until: number, wake: boolean): 0 {
    sleepUntil = until;
    wakeOnChange = wake;
    return 0;
  }

  async function digests(): Promise<Digest[]> {
    return collectDigests({ releases: await store.listActive(), rolesFor: opts.rolesFor, now: clock.now(), timeZone });
  }

  /** One person's digest: 'sent', 'retry' (try again this day: failed, waiting, or another instance holds it) or 'done'. */
  async function deliver(digest: Digest, day: string, now: Date): Promise<'sent' | 'retry' | 'done'> {
    const key = digestKey(digest);
    if (sentToday.get(key) === day || stuckToday.get(key) === day) return 'done';
    const sender = opts.senderFor(digest.surface);
    if (!sender?.deliverDigest) return 'done';
    const person = digest.person.id;
    let claim: DigestClaim;
    try {
      claim = await places.update(key, (record) => claimDigest(record, { day, now, maxAttempts, policy }));
    } catch (err) {
      logger.error('daily digest not claimed: the place store failed; will retry', { person, err });
      return 'retry';
    }
    if (claim === 'busy' || claim === 'later') return 'retry';
    if (claim !== 'claimed') return 'done';
    const claimedAt = now.toISOString();
    try {
      await withTimeout(sender.deliverDigest(digest), SEND_TIMEOUT_MS);
    } catch (err) {
      const failure = { day, claimedAt, now: clock.now(), retryAfterMs };
      const tries = await places.update(key, (record) => failDigest(record, failure)).catch((writeErr: unknown) => {
        stuckToday.set(key, day);
        logger.error('daily digest not delivered, and its claim could not be handed back: left until tomorrow', { person, err: writeErr });
        return null;
      });
      if (tries === null) return 'done';
      const fields = { surface: digest.surface, person, attempts: tries, err };
      if (tries === undefined) {
        logger.warn('daily digest not delivered; another instance took it over meanwhile', fields);
        return 'retry';
      }
      if (tries >= maxAttempts) {
        logger.error('daily digest not delivered: giving up until tomorrow', fields);
        return 'done';
      }
      logger.warn('daily digest not delivered; will retry', fields);
      return 'retry';
    }
    sentToday.set(key, day);
    await places.update(key, (record) => markDigestSent(record, day)).catch((err: unknown) => {
      logger.error('daily digest sent, but the day could not be recorded; it may be sent again once its claim is taken over', { person, err });
    });
    logger.info('daily digest sent', { surface: digest.surface, person, day, overdue: digest.overdue, dueSoon: digest.dueSoon });
    return 'sent';
  }

  async function run(): Promise<number> {
    if (!opts.at) return 0;
    const now = clock.now();
    if (now.getTime() < sleepUntil) return 0;
    const { day, dueAt } = digestMoment(now, opts.at, timeZone);
    if (now.getTime() < dueAt.getTime()) return sleep(dueAt.getTime(), false);
    if (settledDay === day) return sleep(nextDayStart(now, timeZone).getTime(), false);
    let sent = 0;
    let retrying = false;
    const all = await digests();
    for (const digest of all) {
      const outcome = await deliver(digest, day, now);
      if (outcome === 'sent') sent++;
      else if (outcome === 'retry') retrying = true;
    }
    // With nothing due for anyone yet, keep looking now and then: a release started later that day, or a step coming
    // within a day of its due time, still brings its people theirs.
    if (!retrying && all.length > 0) settledDay = day;
    if (all.length === 0 && opts.changes) sleep(Math.min(now.getTime() + idleRecheckMs, nextDayStart(now, timeZone).getTime()), true);
    return sent;
  }

  const loop = tickLoop(run, { name: 'daily digest', idle: 0, logger });

  return {
    start() {
      // Cheap once the day is settled: a tick then reads nothing.
      if (opts.at) loop.start(Math.max(opts.tickSeconds, 1));
    },
    stop: () => loop.stop(),
    tick: () => loop.tick(),
    digests,
  };
}
