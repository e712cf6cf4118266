import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Release } from '../../src/domain/release-schema.js';
import { cancelReminders, CLOSE_CANCELS } from '../../src/scheduler/cancel-reminders.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { WatchedReleaseStore } from '../../src/storage/watch-release-changes.js';
import { plainModel, RecordingSender, storeRelease } from './fixtures.js';
import { recordingLogger, schedulerFor, tempDir, watched } from './harness.js';

// Planned 09:00 CEST on Wednesday 10 June 2026; the T-2d announcement is due 09:00 CEST on Monday 8 June.
const plannedAt = '2026-06-10T07:00:00.000Z';
const announceDue = '2026-06-08T07:00:00.000Z';
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

let store: WatchedReleaseStore;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  vi.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') });
  const tmp = await tempDir();
  store = watched(await openLowdbStore({ dataDir: tmp.dir }));
  cleanup = async () => {
    await store.close();
    await tmp.remove();
  };
});

afterEach(async () => {
  vi.useRealTimers();
  await cleanup();
});

async function reminder(releaseId: string, id: string) {
  const r = (await store.get(releaseId)) as Release;
  return r.reminders.find((x) => x.id === id);
}

describe('reminder scheduler on the file store', () => {
  it('sends a due reminder once, on time, and marks it sent', async () => {
    const release = await storeRelease(store, { plannedAt, now: at('2026-06-01T00:00:00Z') });
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger);

    vi.setSystemTime(at(announceDue, -1000));
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
    vi.setSystemTime(at(announceDue, 500));
    expect(await scheduler.tick()).toEqual({ sent: 1, failed: 0, missed: 0 });
    vi.setSystemTime(at(announceDue, 5000));
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });

    expect(sender.ids()).toEqual([`${release.id}:announce-2d`]);
    expect(sender.delivered[0]).toMatchObject({ timing: 'on_time', title: `T-2d user communication · ${release.id} Checkout v2` });
    expect(await reminder(release.id, `${release.id}:announce-2d`)).toMatchObject({
      status: 'sent',
      timing: 'on_time',
      sentAt: at(announceDue, 500).toISOString(),
      attempts: 0,
    });
  });

  it('retries a failed send with exponential backoff, then succeeds', async () => {
    const release = await storeRelease(store, { plannedAt, now: at('2026-06-01T00:00:00Z') });
    const sender = new RecordingSender((call) => call <= 2);
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger, { retryBaseMs: 10_000, maxAttempts: 5 });
    const id = `${release.id}:announce-2d`;

    vi.setSystemTime(at(announceDue));
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 1, missed: 0 });
    expect(await reminder(release.id, id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: at(announceDue, 10_000).toISOString(),
      lastError: 'surface refused call 1',
    });
    vi.setSystemTime(at(announceDue, 9_999));
    await scheduler.tick();
    expect(sender.calls).toBe(1);
    vi.setSystemTime(at(announceDue, 10_000));
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 1, missed: 0 });
    expect((await reminder(release.id, id))?.nextAttemptAt).toBe(at(announceDue, 30_000).toISOString()); // waited 2 × base
    vi.setSystemTime(at(announceDue, 29_999));
    await scheduler.tick();
    expect(sender.calls).toBe(2);
    vi.setSystemTime(at(announceDue, 30_000));
    expect(await scheduler.tick()).toEqual({ sent: 1, failed: 0, missed: 0 });

    expect(sender.ids()).toEqual([id]);
    expect(await reminder(release.id, id)).toMatchObject({ status: 'sent', attempts: 2, timing: 'on_time' });
  });

  it('gives up visibly after the last allowed try', async () => {
    const release = await storeRelease(store, { plannedAt, now: at('2026-06-01T00:00:00Z') });
    const sender = new RecordingSender(() => true);
    const { logger, lines } = recordingLogger();
    const scheduler = schedulerFor(store, { console: sender }, logger, { retryBaseMs: 10_000, maxAttempts: 3 });
    const id = `${release.id}:announce-2d`;

    for (const offset of [0, 10_000, 30_000, 3_600_000]) {
      vi.setSystemTime(at(announceDue, offset));
      await scheduler.tick();
    }
    expect(sender.calls).toBe(3);
    expect(await reminder(release.id, id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'surface refused call 3' });
    expect(lines.filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({ message: 'reminder failed: giving up after the last try', reminderId: id, attempts: 3 }),
    ]);
  });

  it('marks a reminder missed instead of sending it once it is later than the maximum lateness', async () => {
    const early = await storeRelease(store, { plannedAt, now: at('2026-06-01T00:00:00Z') });
    const recent = await storeRelease(store, { plannedAt: '2026-06-10T09:00:00.000Z', now: at('2026-06-01T00:00:00Z') });
    const sender = new RecordingSender();
    const { logger, lines } = recordingLogger();
    const scheduler = schedulerFor(store, { console: sender }, logger, { maxLatenessMs: 3_600_000 });

    vi.setSystemTime(at('2026-06-08T09:30:00Z')); // 2.5 h after the first T-2d, 30 min after the second
    expect(await scheduler.tick()).toEqual({ sent: 1, failed: 0, missed: 1 });
    expect(sender.ids()).toEqual([`${recent.id}:announce-2d`]);
    expect(sender.delivered[0]?.timing).toBe('late');
    expect(await reminder(early.id, `${early.id}:announce-2d`)).toMatchObject({ status: 'missed', timing: 'late' });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'reminder missed: too late to send', reminderId: `${early.id}:announce-2d` }));
  });

  it('posts reminders overdue at creation at once, in due order, whatever the maximum lateness', async () => {
    const created = at(plannedAt, -30 * 60_000); // 30 minutes before deployment
    vi.setSystemTime(created);
    const release = await storeRelease(store, { plannedAt, now: created });
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger, { maxLatenessMs: 60_000 });

    expect(await scheduler.tick()).toEqual({ sent: 2, failed: 0, missed: 0 });
    expect(sender.delivered.map((m) => [m.reminderId, m.timing])).toEqual([
      [`${release.id}:announce-2d`, 'overdue'],
      [`${release.id}:announce-1h`, 'overdue'],
    ]);
    expect(await reminder(release.id, `${release.id}:announce-2d`)).toMatchObject({ status: 'sent', timing: 'overdue' });
  });

  it('nudges the release manager to close every day until the release is closed', async () => {
    // No ELS: the first nudge is due a day after the deployment, 10:00 CEST on 11 June.
    const deployed = { plannedAt: '2026-06-10T08:00:00.000Z', deployedAt: '2026-06-10T08:00:00.000Z' };
    const release = await storeRelease(store, { ...deployed, now: at('2026-06-10T08:00:00Z'), model: plainModel });
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger);

    vi.setSystemTime(at('2026-06-11T08:00:00Z'));
    expect((await scheduler.tick()).sent).toBe(1);
    expect(sender.delivered[0]?.text).toContain(`close ${release.id} success|failed|rolled_back|hotfix`);
    expect(await reminder(release.id, `${release.id}:close-nudge:2`)).toMatchObject({ status: 'pending', dueAt: '2026-06-12T08:00:00.000Z' });

    vi.setSystemTime(at('2026-06-12T08:00:01Z'));
    expect((await scheduler.tick()).sent).toBe(1);
    expect(sender.ids()).toEqual([`${release.id}:close-nudge`, `${release.id}:close-nudge:2`]);

    await store.update(release.id, (r) => ({
      release: { ...r, status: 'closed', reminders: cancelReminders(r.reminders, { kinds: CLOSE_CANCELS }, new Date()) },
      result: undefined,
    }));
    vi.setSystemTime(at('2026-06-20T08:00:00Z'));
    expect((await scheduler.tick()).sent).toBe(0);
    const nudges = ((await store.get(release.id)) as Release).reminders.map((r) => [r.id, r.status]);
    expect(nudges).toEqual([
      [`${release.id}:close-nudge`, 'sent'],
      [`${release.id}:close-nudge:2`, 'sent'],
      [`${release.id}:close-nudge:3`, 'cancelled'],
    ]);
  });

  it('after a long outage, plans the next close nudge in the future rather than sending a burst', async () => {
    const deployed = { plannedAt: '2026-06-10T08:00:00.000Z', deployedAt: '2026-06-10T08:00:00.000Z' };
    const release = await storeRelease(store, { ...deployed, now: at('2026-06-10T08:00:00Z'), model: plainModel });
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger, { maxLatenessMs: 3_600_000 });

    vi.setSystemTime(at('2026-06-15T12:00:00Z'));
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 1 });
    expect(await reminder(release.id, `${release.id}:close-nudge:2`)).toMatchObject({ status: 'pending', dueAt: '2026-06-16T08:00:00.000Z' });
  });

  it('leaves reminders of a surface without a running sender waiting, and says so once', async () => {
    const release = await storeRelease(store, { plannedAt, now: at('2026-06-01T00:00:00Z'), surface: 'slack' });
    const { logger, lines } = recordingLogger();
    const scheduler = schedulerFor(store, { console: new RecordingSender() }, logger);

    vi.setSystemTime(at(announceDue, 1000));
    await scheduler.tick();
    vi.setSystemTime(at(announceDue, 2000));
    await scheduler.tick();
    expect(await reminder(release.id, `${release.id}:announce-2d`)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(lines.filter((l) => l.surface === 'slack' && l.level === 'warn')).toHaveLength(1);
  });

  it('sends nothing for a cancelled release', async () => {
    const release = await storeRelease(store, { plannedAt, now: at('2026-06-01T00:00:00Z') });
    await store.update(release.id, (r) => ({ release: { ...r, status: 'cancelled' }, result: undefined }));
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger);
    vi.setSystemTime(at(announceDue, 1000));
    await scheduler.tick();
    expect(sender.calls).toBe(0);
  });
});
