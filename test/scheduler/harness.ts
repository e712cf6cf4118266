import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/domain/clock.js';
import type { Surface } from '../../src/domain/release-schema.js';
import { createLogger, silentLogger, type Logger } from '../../src/logging/logger.js';
import { createReminderScheduler, type ReminderSchedulerOptions } from '../../src/scheduler/create-reminder-scheduler.js';
import type { ReminderSender } from '../../src/scheduler/reminder-message.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { watchReleaseChanges, type WatchedReleaseStore } from '../../src/storage/watch-release-changes.js';

/** Log lines kept as parsed JSON, from the real logger. */
export function recordingLogger(level: 'debug' | 'info' = 'debug'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { logger: createLogger(level, (l) => lines.push(JSON.parse(l) as Record<string, unknown>)), lines };
}

/** The store as the core hands it to every writer: with its writes reported to the scheduler's next-due index. */
export const watched = (store: ReleaseStore): WatchedReleaseStore => watchReleaseChanges(store, silentLogger);

/** A ticking scheduler on the watched store, so the tests go through its next-due index. */
export function schedulerFor(
  store: WatchedReleaseStore,
  senders: Partial<Record<Surface, ReminderSender>>,
  logger: Logger,
  overrides: Partial<Omit<ReminderSchedulerOptions, 'mode' | 'changes'>> = {},
) {
  return createReminderScheduler({
    store,
    changes: store.changes,
    clock: systemClock, // its Date is vitest's fake one
    senderFor: (surface) => senders[surface],
    timeZone: 'Europe/Berlin',
    tickSeconds: 1,
    maxLatenessMs: 12 * 3_600_000,
    maxAttempts: 3,
    retryBaseMs: 10_000,
    logger,
    ...overrides,
  });
}

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'release-bot-scheduler-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A promise with its resolve handle, for senders that wait until the test lets them go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
