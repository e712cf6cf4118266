import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
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

  it('a reminder moved away and back, one whose store failed at its time, and one left claimed by a dead instance are each sent once', { timeout: 60_000 }, async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const delivered: Array<{ by: string; message: ReminderMessage }> = [];
    const a = await instance(db, 'a', delivered);
    const b = await instance(db, 'b', delivered);
    const setFirst = (patch: Partial<Release['reminders'][number]>) => (r: Release) => ({ release: { ...r, reminders: r.reminders.map((x, i) => (i === 0 ? { ...x, ...patch } : x)) }, result: undefined });
    // Moved away, then back to the time its first job had: that job is cancelled, and its id must not swallow the new one.
    const back = (await a.store.create(dueSoon(2_500))).release;
    const firstDue = back.reminders[0]!.dueAt;
    await a.store.update(back.id, setFirst({ dueAt: new Date(Date.now() + 3_600_000).toISOString() }));
    await b.store.update(back.id, setFirst({ dueAt: firstDue }));
    // Claimed 118 s ago by an instance that never came back: taken over when the 120 s lease runs out.
    const stuck = (await b.store.create(dueSoon(3_600_000))).release;
    await a.store.update(stuck.id, setFirst({ status: 'sending', dueAt: new Date(Date.now() - 118_000).toISOString(), claimedAt: new Date(Date.now() - 118_000).toISOString() }));
    // Every release write fails for a while around its due time: the job is tried again, not used up.
    const failing = (await a.store.create(dueSoon(2_000))).release;
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.id = '${failing.id}' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await admin.query('CREATE TRIGGER refuse BEFORE UPDATE ON releases FOR EACH ROW EXECUTE FUNCTION refuse()');
    await new Promise((r) => setTimeout(r, 4_000));
    await admin.query('DROP TRIGGER refuse ON releases');
    await admin.end();

    const ids = [back.id, stuck.id, failing.id];
    await until(() => ids.every((id) => delivered.some((d) => d.message.releaseId === id)), 30_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(ids.map((id) => delivered.filter((d) => d.message.releaseId === id).length)).toEqual([1, 1, 1]);
    for (const id of ids) expect((await a.store.get(id))?.reminders[0]?.status).toBe('sent');
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
    const missing = ids.filter((id) => id !== moved && id !== cancelled && !byRelease.has(id));
    const states = await Promise.all(missing.map(async (id) => JSON.stringify((await a.store.get(id))?.reminders[0])));
    expect(states).toEqual([]);
    expect(delivered).toHaveLength(38);
    expect([...byRelease.values()].every((n) => n === 1)).toBe(true);
    expect(byRelease.has(moved) || byRelease.has(cancelled)).toBe(false);
    const stored = await a.store.get(ids[5]!);
    expect(stored?.reminders[0]).toMatchObject({ status: 'sent', timing: 'on_time' });
    expect((await a.store.get(moved))?.reminders[0]?.status).toBe('pending');
  });
});
