import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readConfig, silentLogger, startCore, systemClock, type Core, type Release, type ReleaseStore } from '../../src/index.js';
import type { ReminderMessage, ReminderSender } from '../../src/scheduler/reminder-message.js';
import { makeRelease } from '../helpers/make-release.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';

type Instance = Core & { store: ReleaseStore };
const made: Array<{ close(): Promise<void> }> = [];

async function instance(db: TestDatabase, name: string, delivered: Array<{ by: string; message: ReminderMessage }>): Promise<Instance> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `rb-pg-${name}-`));
  const config = readConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MODELS_DIR: path.resolve('models'), TZ: 'UTC', DIGEST_AT: 'off', DATABASE_URL: db.url });
  const core = await startCore(config, { logger: silentLogger, clock: systemClock });
  const sender: ReminderSender = { deliver: async (message) => void delivered.push({ by: name, message }) };
  core.startScheduler((surface) => (surface === 'console' ? sender : undefined));
  made.push({ close: async () => { await core.close(); await rm(dataDir, { recursive: true, force: true }); } });
  return core;
}

/** A release whose announcement falls due `inMs` from now, and whose ELS reminder waits for the deployment. */
function dueSoon(inMs: number): (id: string, seq: number) => Release {
  const now = Date.now();
  return (id, seq) => {
    const r = makeRelease({ id, seq, plannedAt: new Date(now + 86_400_000).toISOString() });
    r.reminders[0]!.dueAt = new Date(now + inMs).toISOString();
    r.reminders[1]!.dueAt = new Date(now + 2 * 86_400_000).toISOString();
    return r;
  };
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describePostgres('reminders as pg-boss jobs, two instances on one database', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const m of made.splice(0)) await m.close();
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('each reminder is sent exactly once with both running; a rescheduled one moves and a cancelled one is not sent', { timeout: 60_000 }, async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const delivered: Array<{ by: string; message: ReminderMessage }> = [];
    const a = await instance(db, 'a', delivered);
    const b = await instance(db, 'b', delivered);
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) ids.push((await (i % 2 ? a : b).store.create(dueSoon(1_500))).release.id);
    const moved = ids[0]!;
    const cancelled = ids[1]!;
    await b.store.update(moved, (r) => ({ release: { ...r, reminders: r.reminders.map((x, i) => (i === 0 ? { ...x, dueAt: new Date(Date.now() + 3_600_000).toISOString() } : x)) }, result: undefined }));
    await a.store.update(cancelled, (r) => ({ release: { ...r, reminders: r.reminders.map((x, i) => (i === 0 ? { ...x, status: 'cancelled' as const } : x)) }, result: undefined }));

    await until(() => delivered.length >= 38, 20_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const byRelease = new Map<string, number>();
    for (const d of delivered) byRelease.set(d.message.releaseId, (byRelease.get(d.message.releaseId) ?? 0) + 1);
    expect(delivered).toHaveLength(38);
    expect([...byRelease.values()].every((n) => n === 1)).toBe(true);
    expect(byRelease.has(moved) || byRelease.has(cancelled)).toBe(false);
    const stored = await a.store.get(ids[5]!);
    expect(stored?.reminders[0]).toMatchObject({ status: 'sent', timing: 'on_time' });
    expect((await a.store.get(moved))?.reminders[0]?.status).toBe('pending');
  });
});
