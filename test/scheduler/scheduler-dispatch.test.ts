import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Release } from '../../src/domain/release-schema.js';
import type { ReminderMessage, ReminderSender } from '../../src/scheduler/reminder-message.js';
import { MemoryReleaseStore } from '../helpers/memory-store.js';
import { RecordingSender, storeRelease } from './fixtures.js';
import { gate, recordingLogger, schedulerFor, watched } from './harness.js';
import type { WatchedReleaseStore } from '../../src/storage/watch-release-changes.js';

// These tests drive the scheduler through node-cron and timers, so they use the in-memory port implementation:
// its promises settle inside vi.advanceTimersByTimeAsync, where file I/O would not.
const plannedAt = '2026-06-10T07:00:00.000Z';
const announceDue = Date.parse('2026-06-08T07:00:00.000Z');

let store: WatchedReleaseStore;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') });
  store = watched(new MemoryReleaseStore());
});
afterEach(() => vi.useRealTimers());

const statusOf = async (releaseId: string, defId: string) =>
  ((await store.get(releaseId)) as Release).reminders.find((r) => r.defId === defId)?.status;

describe('reminder scheduler ticking and dispatch', () => {
  it('is driven by node-cron once started, sends exactly once, and stops ticking when stopped', async () => {
    const release = await storeRelease(store, { plannedAt, now: new Date() });
    const sender = new RecordingSender();
    const sent: ReminderMessage[] = [];
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger, { onSent: (m) => sent.push(m) });
    vi.setSystemTime(announceDue - 10_000);
    scheduler.start();

    await vi.advanceTimersByTimeAsync(9_000);
    expect(sender.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sender.ids()).toEqual([`${release.id}:announce-2d`]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sender.calls).toBe(1);
    expect(sent.map((m) => m.reminderId)).toEqual([`${release.id}:announce-2d`]);

    await scheduler.stop();
    vi.setSystemTime(Date.parse('2026-06-10T05:59:59Z'));
    await vi.advanceTimersByTimeAsync(10_000); // the T-1h reminder comes due, but nobody ticks
    expect(sender.calls).toBe(1);
  });

  it('falls back to a plain interval for a tick cron cannot express, e.g. 1.5 s', async () => {
    await storeRelease(store, { plannedAt, now: new Date() });
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger, { tickSeconds: 1.5 });
    vi.setSystemTime(announceDue);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1_400);
    expect(sender.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(sender.calls).toBe(1);
    await scheduler.stop();
  });

  it('never overlaps ticks, and stop() waits for the tick in flight', async () => {
    const release = await storeRelease(store, { plannedAt, now: new Date() });
    const hold = gate();
    const delivered: string[] = [];
    const slow: ReminderSender = {
      async deliver(m) {
        await hold.promise;
        delivered.push(m.reminderId);
      },
    };
    const scheduler = schedulerFor(store, { console: slow }, recordingLogger().logger);
    vi.setSystemTime(announceDue);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3_000); // three cron ticks while the first send hangs
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 }); // skipped: one is running
    expect(await statusOf(release.id, 'announce-2d')).toBe('sending');

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    hold.open();
    await stopping;
    expect(delivered).toEqual([`${release.id}:announce-2d`]);
    expect(await statusOf(release.id, 'announce-2d')).toBe('sent');
  });

  it('dispatches many releases with at most 8 sends in flight, each reminder once', async () => {
    const releases = [];
    for (let i = 0; i < 20; i++) releases.push(await storeRelease(store, { plannedAt, now: new Date() }));
    let inFlight = 0;
    let peak = 0;
    const delivered: string[] = [];
    const sender: ReminderSender = {
      async deliver(m) {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 100));
        inFlight--;
        delivered.push(m.reminderId);
      },
    };
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger);
    vi.setSystemTime(announceDue);
    const tick = scheduler.tick();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await tick).toEqual({ sent: 20, failed: 0, missed: 0 });
    expect(peak).toBe(8);
    expect([...delivered].sort()).toEqual(releases.map((r) => `${r.id}:announce-2d`).sort());
  });

  it('times out a hanging surface without holding up another one', async () => {
    const onSlack = await storeRelease(store, { plannedAt, now: new Date(), surface: 'slack' });
    const alsoOnSlack = await storeRelease(store, { plannedAt, now: new Date(), surface: 'slack' });
    const onConsole = await storeRelease(store, { plannedAt, now: new Date() });
    const hanging: ReminderSender = { deliver: () => new Promise(() => {}) };
    const consoleSender = new RecordingSender();
    const scheduler = schedulerFor(store, { slack: hanging, console: consoleSender }, recordingLogger().logger, { concurrency: 1 });
    vi.setSystemTime(announceDue);

    const tick = scheduler.tick();
    await vi.advanceTimersByTimeAsync(10);
    expect(consoleSender.ids()).toEqual([`${onConsole.id}:announce-2d`]); // sent while Slack hangs
    await vi.advanceTimersByTimeAsync(15_000);
    // The first Slack send timed out; the surface gets no more sends this tick, so the second one waits.
    expect(await tick).toEqual({ sent: 1, failed: 1, missed: 0 });
    const failed = ((await store.get(onSlack.id)) as Release).reminders.find((r) => r.defId === 'announce-2d');
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'no answer from the surface within 15000 ms' });
    expect(await statusOf(alsoOnSlack.id, 'announce-2d')).toBe('pending');
  });

  it('hands back the claims it could not send when the surface stalls, so they are not stuck until a restart', async () => {
    vi.setSystemTime(Date.parse(plannedAt) - 30 * 60_000); // created late: T-2d and T-1h are both overdue
    const release = await storeRelease(store, { plannedAt, now: new Date(), surface: 'slack' });
    const scheduler = schedulerFor(store, { slack: { deliver: () => new Promise(() => {}) } }, recordingLogger().logger);
    const tick = scheduler.tick();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await tick).toEqual({ sent: 0, failed: 1, missed: 0 });
    const [first, second] = ((await store.get(release.id)) as Release).reminders;
    expect(first).toMatchObject({ id: `${release.id}:announce-2d`, status: 'pending', attempts: 1 });
    expect(second).toMatchObject({ id: `${release.id}:announce-1h`, status: 'pending', attempts: 0, timing: 'overdue' });
    expect(second?.claimedAt).toBeUndefined();
  });

  it('records a reminder cancelled while on its way as sent, and does not retry one that failed after cancelling', async () => {
    const delivered = await storeRelease(store, { plannedAt, now: new Date() });
    const refused = await storeRelease(store, { plannedAt, now: new Date(), surface: 'slack' });
    const hold = gate();
    const cancelDuringSend = (fail: boolean): ReminderSender => ({
      async deliver(m) {
        await store.update(m.releaseId, (r) => ({
          release: { ...r, reminders: r.reminders.map((x) => (x.id === m.reminderId ? { ...x, status: 'cancelled' as const } : x)) },
          result: undefined,
        }));
        await hold.promise;
        if (fail) throw new Error('refused');
      },
    });
    const scheduler = schedulerFor(store, { console: cancelDuringSend(false), slack: cancelDuringSend(true) }, recordingLogger().logger);
    vi.setSystemTime(announceDue);
    const tick = scheduler.tick();
    await vi.advanceTimersByTimeAsync(0);
    hold.open();
    await tick;
    expect(await statusOf(delivered.id, 'announce-2d')).toBe('sent');
    expect(await statusOf(refused.id, 'announce-2d')).toBe('cancelled');
  });
});
