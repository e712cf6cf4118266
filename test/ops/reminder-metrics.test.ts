import { describe, expect, it } from 'vitest';
import { createPrometheusTelemetry } from '../../adapters/ops/prometheus-telemetry.js';
import { silentLogger } from '../../src/index.js';
import { ReleaseError } from '../../src/domain/release-error.js';
import { timeStoreWrites } from '../../src/telemetry/timed-store.js';
import { UnknownReleaseError } from '../../src/storage/store-errors.js';
import { MemoryReleaseStore } from '../helpers/memory-store.js';
import { RecordingSender, storeRelease } from '../scheduler/fixtures.js';
import { schedulerFor, watched } from '../scheduler/harness.js';
import { seriesOf, valueOf } from './prom-text.js';

/*
 * The scheduler reports through the telemetry port; the values are read back from the Prometheus text, so the
 * scheduler, the port and the prom-client adapter are checked together. A clock the test moves decides what is due.
 */
describe('reminder metrics', () => {
  it('counts reminders sent, late, missed and failed by kind, and how late they went out', async () => {
    let now = new Date('2026-06-01T00:00:00Z');
    const clock = { now: () => now };
    const store = watched(new MemoryReleaseStore());
    const metrics = createPrometheusTelemetry(silentLogger);
    // Three releases with the major-style model (T-2d and T-1h announcements, then reminders after the deployment).
    await storeRelease(store, { plannedAt: '2026-06-10T07:00:00.000Z', now }); // R-1, console
    await storeRelease(store, { plannedAt: '2026-06-11T07:00:00.000Z', now }); // R-2, console
    await storeRelease(store, { plannedAt: '2026-06-12T07:00:00.000Z', now, surface: 'slack' }); // R-3, slack fails
    await storeRelease(store, { plannedAt: '2026-06-09T07:00:00.000Z', now }); // R-4, console
    const scheduler = schedulerFor(store, { console: new RecordingSender(), slack: new RecordingSender(() => true) }, silentLogger, {
      clock,
      maxAttempts: 2,
      telemetry: metrics.telemetry,
    });
    const at = async (iso: string) => {
      now = new Date(iso);
      return scheduler.tick();
    };

    // R-4's T-2d, 30 s after it was due, and R-1's T-2d after 5 s: both on time (within the minute's grace).
    expect(await at('2026-06-07T07:00:30Z')).toEqual({ sent: 1, failed: 0, missed: 0 });
    expect(await at('2026-06-08T07:00:05Z')).toEqual({ sent: 1, failed: 0, missed: 0 });
    // R-1's T-1h ten minutes late. R-2's T-2d came due 23 h ago, beyond REMINDER_MAX_LATENESS (12 h), and so did
    // R-4's missed-deployment nudge (22 h): both missed. (R-4's T-1h is skipped, its planned time having passed.)
    expect(await at('2026-06-10T06:10:00Z')).toEqual({ sent: 1, failed: 0, missed: 2 });
    // R-3's T-2d fails on Slack, is retried 10 s later and fails again: the second try was the last.
    expect(await at('2026-06-10T07:00:00Z')).toEqual({ sent: 0, failed: 1, missed: 0 });
    expect(await at('2026-06-10T07:00:10Z')).toEqual({ sent: 0, failed: 1, missed: 0 });

    const text = (await metrics.scrape()).body;
    const changed = (name: string) => Object.fromEntries(Object.entries(seriesOf(text, name)).filter(([, v]) => v !== 0));
    expect(changed('releasebot_reminders_sent_total')).toEqual({ 'kind=communication': 3 });
    expect(changed('releasebot_reminders_late_total')).toEqual({ 'kind=communication': 1 });
    expect(changed('releasebot_reminders_missed_total')).toEqual({ 'kind=communication': 1, 'kind=deploy_nudge': 1 });
    expect(changed('releasebot_reminders_failed_total')).toEqual({ 'gave_up=false,kind=communication': 1, 'gave_up=true,kind=communication': 1 });
    expect(valueOf(text, 'releasebot_reminder_lateness_seconds_count')).toBe(3);
    expect(valueOf(text, 'releasebot_reminder_lateness_seconds_sum')).toBe(635);
    expect(valueOf(text, 'releasebot_reminder_lateness_seconds_bucket', { le: '5' })).toBe(1);
    expect(valueOf(text, 'releasebot_reminder_lateness_seconds_bucket', { le: '30' })).toBe(2);
    expect(valueOf(text, 'releasebot_reminder_lateness_seconds_bucket', { le: '300' })).toBe(2);
    expect(valueOf(text, 'releasebot_reminder_lateness_seconds_bucket', { le: '900' })).toBe(3);
    expect(scheduler.lastTick()).toBeInstanceOf(Date);
  });

  it('a tick that fails in the store leaves the heartbeat where it was; an idle tick does not list the store again', async () => {
    // An idle tick reads nothing from the store once the next-due index is built, so the store fails at that read.
    const memory = new MemoryReleaseStore();
    const scheduler = schedulerFor(watched(memory), {}, silentLogger);
    const listActive = memory.listActive.bind(memory);
    memory.listActive = () => Promise.reject(new Error('store down'));
    await scheduler.tick();
    expect(scheduler.lastTick()).toBeUndefined();
    memory.listActive = listActive;
    await scheduler.tick();
    const first = scheduler.lastTick();
    expect(first).toBeInstanceOf(Date);
    memory.listActive = () => Promise.reject(new Error('store down'));
    await new Promise((r) => setTimeout(r, 5));
    await scheduler.tick();
    expect(scheduler.lastTick()).not.toBe(first);
  });
});

describe('store write metrics', () => {
  it('times create, update and archive as their callers wait, and counts failures that are not refusals', async () => {
    const metrics = createPrometheusTelemetry(silentLogger);
    const memory = new MemoryReleaseStore();
    const store = timeStoreWrites(memory, metrics.telemetry);
    const now = new Date('2026-06-01T00:00:00Z');
    const r = await storeRelease(store, { plannedAt: '2026-06-10T07:00:00.000Z', now });
    await store.update(r.id, (x) => ({ release: { ...x, title: 'Renamed' }, result: true }));
    // Refused by the rules, and an unknown release: timed, not failures.
    await expect(store.update(r.id, () => { throw new ReleaseError('forbidden', 'no'); })).rejects.toThrow('no');
    const update = memory.update.bind(memory);
    memory.update = () => Promise.reject(new UnknownReleaseError('R-404'));
    await expect(store.update('R-404', (x) => ({ release: x, result: 1 }))).rejects.toThrow(UnknownReleaseError);
    // A store that breaks is a failure.
    memory.update = () => Promise.reject(new Error('EIO'));
    await expect(store.update(r.id, (x) => ({ release: x, result: 1 }))).rejects.toThrow('EIO');
    memory.update = update;
    expect(await store.get(r.id)).toMatchObject({ title: 'Renamed' });

    const text = (await metrics.scrape()).body;
    expect(seriesOf(text, 'releasebot_store_write_duration_seconds_count')).toEqual({ 'op=create': 1, 'op=update': 4 });
    expect(seriesOf(text, 'releasebot_store_write_failures_total')).toEqual({ 'op=create': 0, 'op=update': 1, 'op=archive': 0 });
    expect(valueOf(text, 'releasebot_store_write_duration_seconds_bucket', { op: 'update', le: '+Inf' })).toBe(4);
  });
});
