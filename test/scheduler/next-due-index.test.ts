import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig, startCore } from '../../src/index.js';
import type { Release } from '../../src/domain/release-schema.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createReminderScheduler } from '../../src/scheduler/create-reminder-scheduler.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { MemoryReleaseStore } from '../helpers/memory-store.js';
import { RecordingSender, storeRelease } from './fixtures.js';
import { gate, schedulerFor, watched } from './harness.js';

/*
 * The scheduler's next-due index through the real scheduler and the watched store: what a tick reads, and that no
 * write (made through the watched store, failed or racing with a tick) leaves a reminder unsent.
 * T-2d announcement of a release planned 10 June 07:00 UTC: due 8 June 07:00 UTC.
 */
const plannedAt = '2026-06-10T07:00:00.000Z';
const announceDue = '2026-06-08T07:00:00.000Z';
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);

/** A clock the test moves. */
function movableClock(iso: string) {
  let now = new Date(iso);
  return { clock: { now: () => now }, set: (to: string | Date) => (now = new Date(to)) };
}

/** The memory store with its reads counted, and a way to make the next update fail after its change function ran. */
function countingStore() {
  const memory = new MemoryReleaseStore();
  const reads = { get: 0, listActive: 0 };
  let failNextUpdate = false;
  let holdGets: Promise<void> | undefined;
  const store: ReleaseStore = {
    create: (build, key) => memory.create(build, key),
    async get(id) {
      reads.get++;
      const snapshot = await memory.get(id);
      await holdGets;
      return snapshot;
    },
    listActive: () => {
      reads.listActive++;
      return memory.listActive();
    },
    update(id, change) {
      if (!failNextUpdate) return memory.update(id, change);
      failNextUpdate = false;
      // The disk fails after the change function ran: nothing is stored.
      return memory.get(id).then((current) => {
        change(current as Release);
        throw new Error('EIO: disk full');
      });
    },
    archive: (id) => memory.archive(id),
    readArchive: () => memory.readArchive(),
    close: () => memory.close(),
  };
  return {
    store: watched(store),
    reads,
    failNextUpdate: () => (failNextUpdate = true),
    holdGets: (until: Promise<void> | undefined) => (holdGets = until),
  };
}

const moveAnnounce = (to: string) => (r: Release) => ({
  release: { ...r, reminders: r.reminders.map((x) => (x.defId === 'announce-2d' ? { ...x, dueAt: to } : x)) },
  result: undefined,
});

describe('the next-due index', () => {
  it('lists the store once, then a tick with nothing due reads nothing, whatever the number of releases', async () => {
    const t = movableClock('2026-06-01T00:00:00Z');
    const { store, reads } = countingStore();
    for (let i = 0; i < 300; i++) await storeRelease(store, { plannedAt, now: t.clock.now() });
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, silentLogger, { clock: t.clock });
    for (let s = 0; s < 50; s++) {
      t.set(plus('2026-06-01T00:00:00Z', s * 1000));
      expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
    }
    expect(reads).toEqual({ get: 0, listActive: 1 });
    // When the announcements come due, each release is read once to send it, and again only when its next one does.
    t.set(plus(announceDue, 500));
    expect(await scheduler.tick()).toEqual({ sent: 300, failed: 0, missed: 0 });
    expect(reads).toEqual({ get: 300, listActive: 1 });
    t.set(plus(announceDue, 1500));
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
    expect(reads).toEqual({ get: 300, listActive: 1 });
  });

  it('follows every write made after it was built: a new release, a reminder moved earlier, a deployment recorded', async () => {
    const t = movableClock('2026-06-01T00:00:00Z');
    const { store } = countingStore();
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, silentLogger, { clock: t.clock });
    await scheduler.tick();

    const early = await storeRelease(store, { plannedAt, now: t.clock.now() });
    const later = await storeRelease(store, { plannedAt, now: t.clock.now() });
    await store.update(later.id, moveAnnounce('2026-06-02T12:00:00.000Z'));
    t.set('2026-06-02T12:00:01Z');
    expect(await scheduler.tick()).toEqual({ sent: 1, failed: 0, missed: 0 });
    expect(sender.ids()).toEqual([`${later.id}:announce-2d`]);

    // A go-live message stored before the deployment (as older releases hold them) waits for it, whatever its due
    // time says; recording the deployment releases it.
    const live = `${early.id}:live`;
    await store.update(early.id, (r) => ({
      release: { ...r, reminders: [...r.reminders, { id: live, defId: 'live', kind: 'communication' as const, dueAt: plannedAt, status: 'pending' as const, attempts: 0 }] },
      result: undefined,
    }));
    t.set('2026-06-10T07:30:00Z');
    await scheduler.tick();
    expect(sender.ids()).not.toContain(live);
    await store.update(early.id, (r) => ({ release: { ...r, status: 'deployed', deployedAt: '2026-06-10T07:20:00.000Z' }, result: undefined }));
    t.set('2026-06-10T07:30:01Z');
    await scheduler.tick();
    expect(sender.ids()).toContain(live);
  });

  it('keeps the earlier time when a write fails after its change function ran, so the stored reminder still goes out', async () => {
    const t = movableClock('2026-06-01T00:00:00Z');
    const { store, reads, failNextUpdate } = countingStore();
    const a = await storeRelease(store, { plannedAt, now: t.clock.now() });
    const b = await storeRelease(store, { plannedAt, now: t.clock.now() });
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, silentLogger, { clock: t.clock });
    await scheduler.tick();

    // A move to later that never reached the disk: the stored announcement is still due on 8 June.
    failNextUpdate();
    await expect(store.update(a.id, moveAnnounce('2026-06-09T00:00:00.000Z'))).rejects.toThrow('EIO');
    // A move to earlier that never reached the disk: one needless read that day, which puts the entry right.
    failNextUpdate();
    await expect(store.update(b.id, moveAnnounce('2026-06-05T00:00:00.000Z'))).rejects.toThrow('EIO');
    t.set('2026-06-05T00:00:01Z');
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
    t.set('2026-06-05T00:00:02Z');
    await scheduler.tick();
    expect(reads.get).toBe(1);

    t.set(plus(announceDue, 1000));
    expect(await scheduler.tick()).toEqual({ sent: 2, failed: 0, missed: 0 });
    expect(sender.ids().sort()).toEqual([`${a.id}:announce-2d`, `${b.id}:announce-2d`]);
  });

  it('a tick that read a release before a write landed does not put the entry back to what it read', async () => {
    const t = movableClock('2026-06-01T00:00:00Z');
    const { store, failNextUpdate, holdGets } = countingStore();
    const release = await storeRelease(store, { plannedAt, now: t.clock.now() });
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, silentLogger, { clock: t.clock });
    await scheduler.tick();
    // An entry that is early (a failed write), so the tick at 5 June reads the release to correct it...
    failNextUpdate();
    await expect(store.update(release.id, moveAnnounce('2026-06-05T00:00:00.000Z'))).rejects.toThrow('EIO');
    const held = gate();
    holdGets(held.promise);
    t.set('2026-06-05T00:00:01Z');
    const reading = scheduler.tick();
    await new Promise((r) => setTimeout(r, 5));
    // ...and while it reads the old state (due 8 June), a write moves the announcement to 6 June.
    holdGets(undefined);
    await store.update(release.id, moveAnnounce('2026-06-06T00:00:00.000Z'));
    held.open();
    expect(await reading).toEqual({ sent: 0, failed: 0, missed: 0 });
    t.set('2026-06-06T00:00:01Z');
    expect(await scheduler.tick()).toEqual({ sent: 1, failed: 0, missed: 0 });
  });

  it('drops an archived release, and one closed or cancelled, from the index', async () => {
    const t = movableClock('2026-06-01T00:00:00Z');
    const { store, reads } = countingStore();
    const a = await storeRelease(store, { plannedAt, now: t.clock.now() });
    const b = await storeRelease(store, { plannedAt, now: t.clock.now() });
    const scheduler = schedulerFor(store, { console: new RecordingSender() }, silentLogger, { clock: t.clock });
    await scheduler.tick();
    await store.update(a.id, (r) => ({ release: { ...r, status: 'cancelled' }, result: undefined }));
    await store.archive(a.id);
    await store.update(b.id, (r) => ({ release: { ...r, status: 'cancelled' }, result: undefined }));
    t.set('2026-06-20T00:00:00Z');
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
    expect(reads.get).toBe(0);
  });
});

describe('runRelease, mode jobs and the claim lease', () => {
  /** A release whose T-2d announcement another instance claimed at 07:00:00 and is still sending. */
  async function claimedElsewhere(store: ReleaseStore, now: Date): Promise<Release> {
    const release = await storeRelease(store, { plannedAt, now: new Date('2026-06-01T00:00:00Z') });
    await store.update(release.id, (r) => ({
      release: { ...r, reminders: r.reminders.map((x) => (x.defId === 'announce-2d' ? { ...x, status: 'sending' as const, claimedAt: now.toISOString() } : x)) },
      result: undefined,
    }));
    return release;
  }

  const jobsScheduler = (store: ReleaseStore, sender: RecordingSender, clock: { now(): Date }, claimLeaseMs?: number) =>
    createReminderScheduler({
      mode: 'jobs',
      store,
      clock,
      senderFor: () => sender,
      timeZone: 'Europe/Berlin',
      tickSeconds: 0.05,
      maxLatenessMs: 12 * 3_600_000,
      maxAttempts: 3,
      retryBaseMs: 10_000,
      logger: silentLogger,
      ...(claimLeaseMs !== undefined ? { claimLeaseMs } : {}),
    });

  it('in mode jobs nothing ticks; runRelease sends the due reminders of that one release through claim, send and mark', async () => {
    const t = movableClock('2026-06-01T00:00:00Z');
    const memory = new MemoryReleaseStore();
    const a = await storeRelease(memory, { plannedAt, now: t.clock.now() });
    const b = await storeRelease(memory, { plannedAt, now: t.clock.now() });
    const sender = new RecordingSender();
    t.set(plus(announceDue, 1000));
    const scheduler = jobsScheduler(memory, sender, t.clock);
    scheduler.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(sender.calls).toBe(0);
    expect(await scheduler.runRelease(a.id)).toEqual({ sent: 1, failed: 0, missed: 0 });
    expect(sender.ids()).toEqual([`${a.id}:announce-2d`]);
    expect((await memory.get(a.id))?.reminders.find((r) => r.defId === 'announce-2d')?.status).toBe('sent');
    // Again, or for a release nobody knows: nothing.
    expect(await scheduler.runRelease(a.id)).toEqual({ sent: 0, failed: 0, missed: 0 });
    expect(await scheduler.runRelease('R-404')).toEqual({ sent: 0, failed: 0, missed: 0 });
    // tick() called by hand sweeps every active release once.
    expect(await scheduler.tick()).toEqual({ sent: 1, failed: 0, missed: 0 });
    expect(sender.ids()).toEqual([`${a.id}:announce-2d`, `${b.id}:announce-2d`]);
    await scheduler.stop();
  });

  it('with a lease, a claim another instance made before this one started is left alone until the lease runs out', async () => {
    const t = movableClock('2026-06-08T07:00:00Z');
    const memory = new MemoryReleaseStore();
    const release = await claimedElsewhere(memory, t.clock.now());
    t.set('2026-06-08T07:00:05Z');
    const sender = new RecordingSender();
    const scheduler = jobsScheduler(memory, sender, t.clock, 60_000);
    expect(await scheduler.runRelease(release.id)).toEqual({ sent: 0, failed: 0, missed: 0 });
    t.set('2026-06-08T07:00:59.999Z');
    expect(await scheduler.runRelease(release.id)).toEqual({ sent: 0, failed: 0, missed: 0 });
    // The claimer is presumed dead: the reminder goes out once.
    t.set('2026-06-08T07:01:00Z');
    expect(await scheduler.runRelease(release.id)).toEqual({ sent: 1, failed: 0, missed: 0 });
    expect(await scheduler.runRelease(release.id)).toEqual({ sent: 0, failed: 0, missed: 0 });
    expect(sender.ids()).toEqual([`${release.id}:announce-2d`]);
  });

  it('without a lease (one process per store), that claim was left by a dead process and is sent at once', async () => {
    const t = movableClock('2026-06-08T07:00:00Z');
    const memory = new MemoryReleaseStore();
    const release = await claimedElsewhere(memory, t.clock.now());
    t.set('2026-06-08T07:00:05Z');
    const sender = new RecordingSender();
    expect(await jobsScheduler(memory, sender, t.clock).runRelease(release.id)).toEqual({ sent: 1, failed: 0, missed: 0 });
  });

  it('with a lease, the ticking scheduler\'s index also waits for the lease', async () => {
    const t = movableClock('2026-06-08T07:00:00Z');
    const { store, reads } = countingStore();
    const release = await claimedElsewhere(store, t.clock.now());
    const sender = new RecordingSender();
    const scheduler = schedulerFor(store, { console: sender }, silentLogger, { clock: t.clock, claimLeaseMs: 60_000 });
    t.set('2026-06-08T07:00:30Z');
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
    expect(reads.get).toBe(0);
    t.set('2026-06-08T07:01:00Z');
    expect(await scheduler.tick()).toEqual({ sent: 1, failed: 0, missed: 0 });
    expect(sender.ids()).toEqual([`${release.id}:announce-2d`]);
  });

  it('refuses a lease no longer than a send may take', () => {
    const store = watched(new MemoryReleaseStore());
    expect(() => schedulerFor(store, {}, silentLogger, { claimLeaseMs: 15_000 })).toThrow(RangeError);
    expect(() => schedulerFor(store, {}, silentLogger, { claimLeaseMs: 10_000, sendTimeoutMs: 5_000 })).not.toThrow();
  });
});

describe('the core wires one watched store', () => {
  it('a release created through the dispatcher after the index was built gets its reminder, and digests and the scheduler see the same store', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'due-index-core-'));
    let now = new Date('2026-12-07T07:00:00Z'); // Mon 7 Dec, 08:00 in Berlin
    const config = readConfig({ DATA_DIR: path.join(dir, 'data'), MODELS_DIR: path.resolve('models'), TZ: 'Europe/Berlin', REMINDER_TICK_SECONDS: '3600', DIGEST_AT: 'off' });
    const core = await startCore(config, { clock: { now: () => now }, logger: silentLogger });
    try {
      const delivered: string[] = [];
      const { reminders } = core.startScheduler(() => ({ deliver: async (m) => void delivered.push(m.reminderId) }));
      expect(await reminders.tick()).toEqual({ sent: 0, failed: 0, missed: 0 });
      const origin = { actor: { id: 'slack:UALICE', name: 'alice' }, place: { surface: 'slack' as const, workspaceId: 'T1', channelId: 'C1' } };
      const minor = { title: 'Search v3', deployAt: '2026-12-08 10:00', urgency: 'planned', kind: 'application', userFacing: 'yes', impact: 'medium', risk: 'medium', rollback: 'easy' };
      expect((await core.dispatcher.dispatch({ kind: 'create', answers: minor }, origin)).kind).toBe('done');
      // The T-1d announcement: Mon 7 Dec 10:00 Berlin.
      now = new Date('2026-12-07T09:00:01Z');
      await reminders.tick();
      expect(delivered).toContain('R-1:announce_t1d');
    } finally {
      await core.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
