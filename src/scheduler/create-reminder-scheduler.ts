import type { Clock } from '../domain/clock.js';
import type { Surface } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import type { ReleaseStore } from '../storage/release-store.js';
import { buildReminderMessage } from './build-reminder-message.js';
import { findDueReminders, type DueReminder } from './find-due-reminders.js';
import type { ReminderMessage, ReminderSender } from './reminder-message.js';
import { claimReminder, markFailed, markSent } from './reminder-transitions.js';
import { runBounded } from './run-bounded.js';
import { startTicker, type Ticker } from './start-ticker.js';
import { SendTimeoutError, withTimeout } from './with-timeout.js';

export interface ReminderSchedulerOptions {
  store: ReleaseStore;
  clock: Clock;
  senderFor(surface: Surface): ReminderSender | undefined;
  timeZone: string;
  tickSeconds: number;
  maxLatenessMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  logger: Logger;
  onSent?(msg: ReminderMessage): void;
  /** Releases whose reminders are sent at the same time, per surface. Default 8. */
  concurrency?: number;
  /** A send that takes longer counts as failed. Default 15 s. */
  sendTimeoutMs?: number;
}

/** `failed` counts failed tries in this tick, including those that gave up. */
export interface TickResult {
  sent: number;
  failed: number;
  missed: number;
}

export interface ReminderScheduler {
  start(): void;
  stop(): Promise<void>;
  tick(): Promise<TickResult>;
}

type Outcome = keyof TickResult | 'skipped';

/**
 * Sends due reminders, durably: every reminder is claimed ('sending', persisted) before it is sent and marked
 * 'sent' after, so nothing is sent twice in normal operation.
 *
 * Crash window: a process that dies after claiming and before marking leaves the reminder 'sending'. The next
 * process cannot know whether the chat message went out, so it sends it once more (at-least-once in that
 * window only). Silently dropping a reminder is worse than a rare duplicate, and the window is one send long.
 */
export function createReminderScheduler(opts: ReminderSchedulerOptions): ReminderScheduler {
  const { store, clock, logger, timeZone } = opts;
  // Claims older than this were made by an earlier process.
  const startedAt = clock.now();
  const concurrency = opts.concurrency ?? 8;
  const sendTimeoutMs = opts.sendTimeoutMs ?? 15_000;
  const inFlight = new Set<string>();
  const warnedSurfaces = new Set<Surface>();
  let running: Promise<TickResult> | undefined;
  let ticker: Ticker | undefined;

  async function dispatch(item: DueReminder, stalled: Set<Surface>): Promise<Outcome> {
    if (inFlight.has(item.reminderId) || stalled.has(item.surface)) return 'skipped';
    inFlight.add(item.reminderId);
    try {
      return await claimAndSend(item, stalled);
    } catch (err) {
      logger.error('reminder dispatch failed in the store', { releaseId: item.releaseId, reminderId: item.reminderId, err });
      return 'skipped';
    } finally {
      inFlight.delete(item.reminderId);
    }
  }

  async function claimAndSend(item: DueReminder, stalled: Set<Surface>): Promise<Outcome> {
    const sender = opts.senderFor(item.surface);
    if (!sender && !warnedSurfaces.has(item.surface)) {
      warnedSurfaces.add(item.surface);
      logger.warn('reminders wait: no sender for this surface is running', { surface: item.surface });
    }
    const ctx = { now: clock.now(), startedAt, maxLatenessMs: opts.maxLatenessMs, canSend: sender !== undefined, timeZone };
    const claim = await store.update(item.releaseId, (r) => claimReminder(r, item.reminderId, ctx));
    if (claim.kind === 'missed') {
      logger.warn('reminder missed: too late to send', { releaseId: item.releaseId, reminderId: item.reminderId, dueAt: item.dueAt });
      return 'missed';
    }
    if (claim.kind === 'skip' || !sender) return 'skipped';
    const message = buildReminderMessage(claim.release, { ...claim.reminder, timing: claim.timing }, timeZone);
    try {
      await withTimeout(sender.deliver(message, claim.release), sendTimeoutMs);
    } catch (err) {
      if (err instanceof SendTimeoutError) stalled.add(item.surface);
      await recordFailure(item, claim.timing, err);
      return 'failed';
    }
    await store.update(item.releaseId, (r) => markSent(r, item.reminderId, { now: clock.now(), timing: claim.timing, timeZone }));
    logger.info('reminder sent', { releaseId: item.releaseId, reminderId: item.reminderId, timing: claim.timing });
    try {
      opts.onSent?.(message);
    } catch (err) {
      logger.error('onSent hook failed', { reminderId: item.reminderId, err });
    }
    return 'sent';
  }

  async function recordFailure(item: DueReminder, timing: 'on_time' | 'late' | 'overdue', err: unknown): Promise<void> {
    const error = err instanceof Error ? err.message : String(err);
    const ctx = { now: clock.now(), error, timing, maxAttempts: opts.maxAttempts, retryBaseMs: opts.retryBaseMs, timeZone };
    const result = await store.update(item.releaseId, (r) => markFailed(r, item.reminderId, ctx));
    const fields = { releaseId: item.releaseId, reminderId: item.reminderId, surface: item.surface, error };
    if (result === 'gave_up') logger.error('reminder failed: giving up after the last try', { ...fields, attempts: opts.maxAttempts });
    else if (result === 'retry') logger.warn('reminder send failed; will retry', fields);
  }

  async function runTick(): Promise<TickResult> {
    const counts: TickResult = { sent: 0, failed: 0, missed: 0 };
    const groups = findDueReminders(await store.listActive(), clock.now(), startedAt);
    if (groups.length === 0) return counts;
    // One pool per surface, so a surface that hangs holds up only its own releases; after one of its sends
    // times out, the surface gets no new sends until the next tick.
    const bySurface = new Map<Surface, DueReminder[][]>();
    for (const g of groups) {
      const surface = g[0]!.surface;
      bySurface.set(surface, [...(bySurface.get(surface) ?? []), g]);
    }
    const stalled = new Set<Surface>();
    await Promise.all(
      [...bySurface.values()].map((releases) =>
        runBounded(releases, concurrency, async (group) => {
          // A release's own reminders go out one after another, in due order.
          for (const item of group) {
            const outcome = await dispatch(item, stalled);
            if (outcome !== 'skipped') counts[outcome]++;
          }
        }),
      ),
    );
    return counts;
  }

  function tick(): Promise<TickResult> {
    if (running) {
      logger.debug('reminder tick skipped: the previous one is still running');
      return Promise.resolve({ sent: 0, failed: 0, missed: 0 });
    }
    const current = runTick()
      .catch((err: unknown) => {
        logger.error('reminder tick failed', { err });
        return { sent: 0, failed: 0, missed: 0 };
      })
      .finally(() => {
        running = undefined;
      });
    running = current;
    return current;
  }

  return {
    start() {
      ticker ??= startTicker(opts.tickSeconds, () => void tick(), logger);
    },
    async stop() {
      const t = ticker;
      ticker = undefined;
      await t?.stop();
      await running;
    },
    tick,
  };
}
