import type { Clock } from '../domain/clock.js';
import type { RoleHolders } from '../domain/gates.js';
import type { Release, Surface } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import { noopTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { UnknownReleaseError, type ReleaseStore } from '../storage/release-store.js';
import type { ReleaseChanges } from '../storage/watch-release-changes.js';
import { buildReminderMessage } from './build-reminder-message.js';
import { findDueReminders, type DueReminder, type DuePolicy } from './find-due-reminders.js';
import { followDueTimes } from './follow-due-times.js';
import type { ReminderMessage, ReminderSender } from './reminder-message.js';
import { claimDue, markFailed, markSent, releaseClaims, type Claimed } from './reminder-transitions.js';
import type { SendTiming } from './reminder-timing.js';
import { runBounded } from './run-bounded.js';
import { tickLoop } from './tick-loop.js';
import { SendTimeoutError, withTimeout } from './with-timeout.js';

interface SchedulerBase {
  store: ReleaseStore;
  clock: Clock;
  senderFor(surface: Surface): ReminderSender | undefined;
  /** Who holds which role where the release lives, so reminders name people; none when omitted. */
  rolesFor?(release: Release): Promise<RoleHolders>;
  timeZone: string;
  tickSeconds: number;
  maxLatenessMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  logger: Logger;
  onSent?(msg: ReminderMessage): void;
  /** Releases whose reminders are sent at the same time, per surface. Default 8. */
  concurrency?: number;
  /** How long stop() waits for a tick in flight. Default 15 s. */
  stopWaitMs?: number;
  /** A send that takes longer counts as failed. Default 15 s. */
  sendTimeoutMs?: number;
  /** Reminders sent, late, missed and failed, and how late they went out. None when omitted. */
  telemetry?: Telemetry;
  /**
   * Several instances on one database: a 'sending' claim is taken as abandoned (its instance died) only once it is
   * older than this, instead of "made before this scheduler started". Must exceed `sendTimeoutMs` with room for the
   * writes around a send. Omitted (one process per store, lowdb): as before.
   */
  claimLeaseMs?: number;
}

/**
 * How due reminders are found.
 * - `tick` (the default): every `tickSeconds`, from a next-due index built once from `listActive()` and kept up to
 *   date from `changes`, so a tick with nothing due reads nothing. `changes` must report every write to `store`:
 *   give every writer (service, dispatcher, digests, this scheduler) the same watched store.
 * - `jobs`: no timer and no index. A job queue (pg-boss, one job per release when its next reminder is due) calls
 *   `runRelease(id)`; `tick()` still works when called, as one full sweep of the active releases.
 */
export type ReminderSchedulerOptions = SchedulerBase & ({ mode?: 'tick'; changes: ReleaseChanges } | { mode: 'jobs'; changes?: undefined });

/** `failed` counts failed tries in this tick, including those that gave up. */
export interface TickResult {
  sent: number;
  failed: number;
  missed: number;
}

export interface ReminderScheduler {
  /** Starts ticking (mode `tick`); in mode `jobs` there is nothing to start. */
  start(): void;
  stop(): Promise<void>;
  tick(): Promise<TickResult>;
  /** Claims, sends and marks the release's due reminders now, as a tick would; an unknown or finished release sends nothing. Rejects when the store fails before anything was claimed, so a job runner tries again. */
  runRelease(releaseId: string): Promise<TickResult>;
  /** Wall time of the last tick (or, in mode `jobs`, the last tick or runRelease) that completed without error; undefined before. */
  lastTick(): Date | undefined;
}

/**
 * Sends due reminders, durably: every reminder is claimed ('sending', persisted) before it is sent and marked
 * 'sent' after, so nothing is sent twice in normal operation.
 *
 * Crash window: a process that dies after claiming and before the 'sent' mark is on disk leaves the reminder
 * 'sending'. The next process cannot know whether the chat message went out, so it sends it once more
 * (at-least-once in that window only). Silently dropping a reminder is worse than a rare duplicate, and the
 * window is short: one send plus the write of its mark.
 *
 * A send slower than `sendTimeoutMs` counts as failed and is retried; if the surface did deliver it late, that
 * retry is a duplicate too. The timeout is what keeps one hanging surface from holding up the others.
 *
 * Several instances on one database (mode `jobs` with `claimLeaseMs`): the claim is one serialised update, so only
 * one instance claims a reminder; another takes it over only after the lease, when its claimer is presumed dead,
 * which is the same crash window as above.
 */
export function createReminderScheduler(opts: ReminderSchedulerOptions): ReminderScheduler {
  const { store, clock, logger, timeZone } = opts;
  const concurrency = opts.concurrency ?? 8;
  const sendTimeoutMs = opts.sendTimeoutMs ?? 15_000;
  if (opts.claimLeaseMs !== undefined && !(opts.claimLeaseMs > sendTimeoutMs))
    throw new RangeError(`claimLeaseMs (${opts.claimLeaseMs}) must exceed sendTimeoutMs (${sendTimeoutMs}), or a slow send would be taken over while it runs`);
  // Without a lease, claims older than this scheduler were made by an earlier process.
  const policy: DuePolicy = { startedAt: clock.now(), ...(opts.claimLeaseMs !== undefined ? { claimLeaseMs: opts.claimLeaseMs } : {}) };
  const dueTimes = opts.mode === 'jobs' ? undefined : followDueTimes({ store, changes: opts.changes, policy, concurrency, logger });
  const telemetry = opts.telemetry ?? noopTelemetry;
  let lastTickAt: Date | undefined;
  const inFlight = new Set<string>();
  const warnedSurfaces = new Set<Surface>();

  /** One release's due reminders: claimed together, then sent one after another in due order. */
  async function dispatchRelease(group: readonly DueReminder[], stalled: Set<Surface>, counts: TickResult): Promise<void> {
    const first = group[0];
    if (!first || stalled.has(first.surface)) return;
    const ids = group.map((g) => g.reminderId).filter((id) => !inFlight.has(id));
    ids.forEach((id) => inFlight.add(id));
    try {
      await claimAndSend(first.releaseId, () => ids, stalled, counts);
    } finally {
      ids.forEach((id) => inFlight.delete(id));
    }
  }

  /**
   * Claims what `pick` names of the release's due reminders in one write, then sends them one after another in due
   * order. The release is read by the claim itself: a job that wakes one release costs one write, not a read and a write.
   */
  async function claimAndSend(releaseId: string, pick: (r: Release) => readonly string[], stalled: Set<Surface>, counts: TickResult, rethrow = false): Promise<void> {
    let unsent: Claimed[] = [];
    let surface: Surface | undefined;
    let sender: ReminderSender | undefined;
    try {
      const claim = await store.update(releaseId, (r) => {
        surface = r.location.surface;
        sender = stalled.has(surface) ? undefined : opts.senderFor(surface);
        const ctx = { now: clock.now(), policy, maxLatenessMs: opts.maxLatenessMs, canSend: sender !== undefined, timeZone };
        return stalled.has(surface) ? { result: undefined } : claimDue(r, pick(r), ctx);
      });
      if (!claim || !surface) return;
      if (!sender && !warnedSurfaces.has(surface)) {
        warnedSurfaces.add(surface);
        logger.warn('reminders wait: no sender for this surface is running', { surface });
      }
      for (const s of claim.skipped) logger.info('reminder skipped', { releaseId, reminderId: s.id, reason: s.reason });
      for (const m of claim.missed) {
        counts.missed++;
        telemetry.reminderMissed({ kind: m.kind });
        logger.warn('reminder missed: too late to send', { releaseId, reminderId: m.id, dueAt: m.dueAt });
      }
      if (!sender) return;
      unsent = [...claim.claimed];
      const marks: Array<Promise<unknown>> = [];
      while (unsent.length > 0 && !stalled.has(surface)) {
        const next = unsent.shift() as Claimed;
        counts[await send(claim.release, next, sender, stalled, marks)]++;
      }
      await Promise.all(marks);
    } catch (err) {
      if (err instanceof UnknownReleaseError) return;
      logger.error('reminder dispatch failed in the store', { releaseId, err });
      // A job that woke this release must not be used up by a store that did not answer: its runner tries it again.
      if (rethrow && unsent.length === 0) throw err;
    }
    if (unsent.length === 0) return;
    const back = unsent.map((c) => c.reminder.id);
    await store.update(releaseId, (r) => releaseClaims(r, back, clock.now())).catch((err: unknown) => {
      logger.error('could not hand back claimed reminders; they are sent after the next restart', { releaseId, reminderIds: back, err });
    });
  }

  /**
   * Delivers one claimed reminder. Its 'sent' mark is queued in the store at once but awaited with the release's
   * other marks, so the store can write several in one go; a crash before that write lands re-sends it, which is
   * the same at-least-once window as a crash during the send.
   */
  async function send(
    release: Release,
    c: Claimed,
    sender: ReminderSender,
    stalled: Set<Surface>,
    marks: Array<Promise<unknown>>,
  ): Promise<'sent' | 'failed'> {
    const ids = { releaseId: release.id, reminderId: c.reminder.id };
    let message: ReminderMessage;
    try {
      const holders = (await opts.rolesFor?.(release)) ?? {};
      message = buildReminderMessage(release, { ...c.reminder, timing: c.timing }, timeZone, clock.now(), holders);
      await withTimeout(sender.deliver(message, release), sendTimeoutMs);
    } catch (err) {
      if (err instanceof SendTimeoutError) stalled.add(release.location.surface);
      await recordFailure(ids, c.reminder.kind, release.location.surface, c.timing, err);
      return 'failed';
    }
    const sentAt = { now: clock.now(), timing: c.timing, timeZone };
    telemetry.reminderSent({
      kind: c.reminder.kind,
      late: c.timing === 'late',
      ...(c.timing === 'overdue' ? {} : { latenessMs: Math.max(0, sentAt.now.getTime() - Date.parse(c.reminder.dueAt)) }),
    });
    marks.push(
      store.update(release.id, (r) => markSent(r, c.reminder.id, sentAt)).then(() => {
        logger.info('reminder sent', { ...ids, timing: c.timing });
        try {
          opts.onSent?.(message);
        } catch (err) {
          logger.error('onSent hook failed', { ...ids, err });
        }
      }),
    );
    return 'sent';
  }

  async function recordFailure(item: { releaseId: string; reminderId: string }, kind: Claimed['reminder']['kind'], surface: Surface, timing: SendTiming, err: unknown): Promise<void> {
    const error = err instanceof Error ? err.message : String(err);
    const ctx = { now: clock.now(), error, timing, maxAttempts: opts.maxAttempts, retryBaseMs: opts.retryBaseMs, timeZone };
    let result: ReturnType<typeof markFailed>['result'] | undefined;
    try {
      result = await store.update(item.releaseId, (r) => markFailed(r, item.reminderId, ctx));
    } finally {
      telemetry.reminderFailed({ kind, gaveUp: result === 'gave_up' });
    }
    const fields = { releaseId: item.releaseId, reminderId: item.reminderId, surface, error };
    if (result === 'gave_up') logger.error('reminder failed: giving up after the last try', { ...fields, attempts: opts.maxAttempts });
    else if (result === 'retry') logger.warn('reminder send failed; will retry', fields);
  }

  async function runTick(): Promise<TickResult> {
    const now = clock.now();
    const groups = dueTimes ? await dueTimes.groups(now) : findDueReminders(await store.listActive(), now, policy);
    return dispatchAll(groups);
  }

  async function dispatchAll(groups: readonly DueReminder[][]): Promise<TickResult> {
    const counts: TickResult = { sent: 0, failed: 0, missed: 0 };
    if (groups.length === 0) return counts;
    // One pool per surface, so a surface that hangs holds up only its own releases; after one of its sends
    // times out, the surface gets no new sends until the next tick.
    const bySurface = new Map<Surface, DueReminder[][]>();
    for (const g of groups) {
      const surface = g[0]!.surface;
      const list = bySurface.get(surface);
      if (list) list.push(g);
      else bySurface.set(surface, [g]);
    }
    const stalled = new Set<Surface>();
    await Promise.all(
      [...bySurface.values()].map((releases) =>
        runBounded(releases, concurrency, async (group) => {
          await dispatchRelease(group, stalled, counts);
        }),
      ),
    );
    return counts;
  }

  const loop = tickLoop(
    async () => {
      const counts = await runTick();
      lastTickAt = new Date();
      return counts;
    },
    { name: 'reminder', idle: { sent: 0, failed: 0, missed: 0 }, logger, ...(opts.stopWaitMs ? { stopWaitMs: opts.stopWaitMs } : {}) },
  );

  async function runRelease(releaseId: string): Promise<TickResult> {
    const counts: TickResult = { sent: 0, failed: 0, missed: 0 };
    const due = (r: Release) => (findDueReminders([r], clock.now(), policy)[0] ?? []).map((d) => d.reminderId);
    await claimAndSend(releaseId, due, new Set(), counts, true);
    if (!dueTimes) lastTickAt = new Date();
    return counts;
  }

  return {
    start: () => {
      if (dueTimes) loop.start(opts.tickSeconds);
    },
    stop: () => loop.stop(),
    tick: () => loop.tick(),
    runRelease,
    lastTick: () => lastTickAt,
  };
}
