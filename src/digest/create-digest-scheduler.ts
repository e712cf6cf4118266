import type { Clock } from '../domain/clock.js';
import type { RoleHolders } from '../domain/gates.js';
import type { Release, Surface } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import type { ReminderSender } from '../scheduler/reminder-message.js';
import { tickLoop } from '../scheduler/tick-loop.js';
import { withTimeout } from '../scheduler/with-timeout.js';
import type { PlaceStore } from '../storage/place-store.js';
import type { ReleaseStore } from '../storage/release-store.js';
import { digestKey } from './build-digests.js';
import { collectDigests } from './collect-digests.js';
import type { Digest } from './digest.js';
import { digestMoment, type DigestTime } from './digest-time.js';

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
 * message on the surface their releases live on. The day it went out is written after the send, per person, so a
 * restart sends nobody's twice; a crash between the send and that write repeats that one person's digest, the same
 * window as for reminders. A bot that was down at the hour sends the day's digests when it comes back that day.
 */
export function createDigestScheduler(opts: DigestSchedulerOptions): DigestScheduler {
  const { store, places, clock, logger, timeZone } = opts;
  const maxAttempts = opts.maxAttempts ?? 3;
  const retryAfterMs = opts.retryAfterMs ?? 60_000;
  const failures = new Map<string, { day: string; attempts: number; nextAt: number }>();
  const sentToday = new Map<string, string>();
  // The day whose digests are all settled (sent, off, or given up): later ticks that day read nothing.
  let settledDay: string | undefined;

  async function digests(): Promise<Digest[]> {
    return collectDigests({ releases: await store.listActive(), rolesFor: opts.rolesFor, now: clock.now(), timeZone });
  }

  async function run(): Promise<number> {
    if (!opts.at) return 0;
    const now = clock.now();
    const { day, dueAt } = digestMoment(now, opts.at, timeZone);
    if (now.getTime() < dueAt.getTime() || settledDay === day) return 0;
    let sent = 0;
    let retrying = false;
    const all = await digests();
    for (const digest of all) {
      const key = digestKey(digest);
      const failed = failures.get(key);
      if (failed && failed.day === day && failed.attempts >= maxAttempts) continue;
      if (failed && failed.day === day && failed.nextAt > now.getTime()) {
        retrying = true;
        continue;
      }
      const pref = (await places.get(key)).digest;
      if (pref?.off || pref?.lastSentOn === day || sentToday.get(key) === day) continue;
      const sender = opts.senderFor(digest.surface);
      if (!sender?.deliverDigest) continue;
      try {
        await withTimeout(sender.deliverDigest(digest), SEND_TIMEOUT_MS);
      } catch (err) {
        const attempts = (failed?.day === day ? failed.attempts : 0) + 1;
        failures.set(key, { day, attempts, nextAt: now.getTime() + retryAfterMs * attempts });
        const fields = { surface: digest.surface, person: digest.person.id, attempts, err };
        if (attempts >= maxAttempts) logger.error('daily digest not delivered: giving up until tomorrow', fields);
        else {
          retrying = true;
          logger.warn('daily digest not delivered; will retry', fields);
        }
        continue;
      }
      failures.delete(key);
      sentToday.set(key, day);
      // A failed write must not send the same digest again every tick: this process remembers the day on its own.
      await places.update(key, (current) => ({ record: { ...current, digest: { off: false, ...current.digest, lastSentOn: day } }, result: undefined })).catch((err: unknown) => {
        logger.error('daily digest sent, but the day could not be recorded; a restart today may send it again', { person: digest.person.id, err });
      });
      logger.info('daily digest sent', { surface: digest.surface, person: digest.person.id, day, overdue: digest.overdue, dueSoon: digest.dueSoon });
      sent++;
    }
    // With nothing due for anyone yet, keep looking: a release started later that day still brings its people theirs.
    if (!retrying && all.length > 0) settledDay = day;
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
