import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Release } from '../../src/domain/release-schema.js';
import type { ReminderSender } from '../../src/scheduler/reminder-message.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { RecordingSender, storeRelease } from './fixtures.js';
import { recordingLogger, schedulerFor, tempDir, watched } from './harness.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  vi.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') });
  tmp = await tempDir();
});
afterEach(async () => {
  vi.useRealTimers();
  await tmp.remove();
});

const announce = (r: Release) => r.reminders.find((x) => x.defId === 'announce-2d');

describe('reminder scheduler across a real restart', () => {
  it('sends what came due during downtime, and a claim a dead process left, exactly once, marked late', async () => {
    // T-2d announcements due at 07:00, 08:00, 09:00 and 10:00 UTC on 8 June.
    const storeA = watched(await openLowdbStore({ dataDir: tmp.dir }));
    const releases: Release[] = [];
    for (const hour of ['07', '08', '09', '10'])
      releases.push(await storeRelease(storeA, { plannedAt: `2026-06-10T${hour}:00:00.000Z`, now: new Date() }));
    const [first, claimed, third, fourth] = releases as [Release, Release, Release, Release];

    // Process A sends the 07:00 reminder, then dies while the 08:00 one is on its way: claimed on disk, never marked.
    const delivered: string[] = [];
    const senderA: ReminderSender = {
      async deliver(m) {
        if (m.releaseId === claimed.id) return new Promise<void>(() => {});
        delivered.push(`A ${m.reminderId} ${m.timing}`);
      },
    };
    const schedulerA = schedulerFor(storeA, { console: senderA }, recordingLogger().logger);
    vi.setSystemTime(new Date('2026-06-08T07:00:00.500Z'));
    expect(await schedulerA.tick()).toEqual({ sent: 1, failed: 0, missed: 0 });
    vi.setSystemTime(new Date('2026-06-08T08:00:00.500Z'));
    void schedulerA.tick(); // never finishes: the process is gone
    await vi.waitUntil(async () => announce((await storeA.get(claimed.id)) as Release)?.status === 'sending', { interval: 5 });
    await storeA.close();

    // Four hours of downtime; process B opens the file afresh.
    vi.setSystemTime(new Date('2026-06-08T12:00:00.000Z'));
    const storeB = watched(await openLowdbStore({ dataDir: tmp.dir }));
    const senderB = new RecordingSender();
    const { logger } = recordingLogger();
    const schedulerB = schedulerFor(storeB, { console: senderB }, logger);
    expect(await schedulerB.tick()).toEqual({ sent: 3, failed: 0, missed: 0 });
    vi.setSystemTime(new Date('2026-06-08T12:00:05.000Z'));
    expect(await schedulerB.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
    await schedulerB.stop();
    await storeB.close();

    expect(delivered).toEqual([`A ${first.id}:announce-2d on_time`]);
    expect(senderB.delivered.map((m) => `${m.reminderId} ${m.timing}`).sort()).toEqual(
      [claimed, third, fourth].map((r) => `${r.id}:announce-2d late`).sort(),
    );

    // What is on disk, read by a third opening of the file.
    const storeC = watched(await openLowdbStore({ dataDir: tmp.dir }));
    const onDisk = await Promise.all(releases.map(async (r) => announce((await storeC.get(r.id)) as Release)));
    await storeC.close();
    expect(onDisk.map((r) => [r?.status, r?.timing, r?.sentAt])).toEqual([
      ['sent', 'on_time', '2026-06-08T07:00:00.500Z'],
      ['sent', 'late', '2026-06-08T12:00:00.000Z'],
      ['sent', 'late', '2026-06-08T12:00:00.000Z'],
      ['sent', 'late', '2026-06-08T12:00:00.000Z'],
    ]);
  });

  it('after a clean stop, a new process sends only what came due while it was down', async () => {
    const storeA = watched(await openLowdbStore({ dataDir: tmp.dir }));
    const early = await storeRelease(storeA, { plannedAt: '2026-06-10T07:00:00.000Z', now: new Date() });
    const later = await storeRelease(storeA, { plannedAt: '2026-06-10T09:00:00.000Z', now: new Date() });
    const senderA = new RecordingSender();
    const schedulerA = schedulerFor(storeA, { console: senderA }, recordingLogger().logger);
    vi.setSystemTime(new Date('2026-06-08T07:00:01Z'));
    await schedulerA.tick();
    await schedulerA.stop();
    await storeA.close();

    vi.setSystemTime(new Date('2026-06-08T10:00:00Z'));
    const storeB = watched(await openLowdbStore({ dataDir: tmp.dir }));
    const senderB = new RecordingSender();
    const schedulerB = schedulerFor(storeB, { console: senderB }, recordingLogger().logger);
    await schedulerB.tick();
    await schedulerB.tick();
    await schedulerB.stop();
    await storeB.close();
    expect(senderA.delivered.map((m) => [m.reminderId, m.timing])).toEqual([[`${early.id}:announce-2d`, 'on_time']]);
    expect(senderB.delivered.map((m) => [m.reminderId, m.timing])).toEqual([[`${later.id}:announce-2d`, 'late']]);
  });

  it('does not resend a claim made by the running process itself', async () => {
    const store = watched(await openLowdbStore({ dataDir: tmp.dir }));
    const release = await storeRelease(store, { plannedAt: '2026-06-10T07:00:00.000Z', now: new Date() });
    const scheduler = schedulerFor(store, { console: new RecordingSender() }, recordingLogger().logger);
    // A claim stamped after this scheduler started belongs to it (a send in flight), not to a dead process.
    vi.setSystemTime(new Date('2026-06-08T07:00:01Z'));
    await store.update(release.id, (r) => ({
      release: { ...r, reminders: r.reminders.map((x) => (x.defId === 'announce-2d' ? { ...x, status: 'sending' as const, claimedAt: new Date().toISOString() } : x)) },
      result: undefined,
    }));
    vi.setSystemTime(new Date('2026-06-08T07:00:02Z'));
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
    await store.close();
  });
});
