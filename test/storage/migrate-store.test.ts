import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createToken, openLowdbStore, readConfig, silentLogger, startCore, systemClock, type Release } from '../../src/index.js';
import { openJsonIdempotencyStore } from '../../src/storage/json-idempotency-store.js';
import { openJsonPlaceStore } from '../../src/storage/json-place-store.js';
import { openPgPool } from '../../src/storage/postgres/open-pg-pool.js';
import { runMigrations } from '../../src/storage/postgres/run-migrations.js';
import type { Change } from '../../src/storage/release-store.js';
import { fileTokenRegistry } from '../../src/tokens/file-token-registry.js';
import { runNode } from '../cli/run-process.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';
import { build, note, releaseFile } from './fixtures/store-test-kit.js';

/*
 * npm run store:migrate as a process, from a real lowdb DATA_DIR (made through the store and the file readers the
 * bot uses) into a real PostgreSQL, then a bot on that database.
 */
const cleanups: Array<() => Promise<void>> = [];

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `rb-store-migrate-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function database(): Promise<TestDatabase> {
  const db = await freshDatabase();
  cleanups.push(() => db.drop());
  return db;
}

const migrate = (dataDir: string, url: string) => runNode(['--import', 'tsx', 'adapters/cli/store-migrate-main.ts', '--to', url], { DATA_DIR: dataDir }, 60_000);

const cancel: (current: Release) => Change<undefined> = (current) => ({ release: { ...current, status: 'cancelled' }, result: undefined });

/** Every file under `dir` (its path and a sha256 of its bytes): what "left untouched" means. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return out;
}

/** Six releases (R-2 and R-5 archived, R-4 changed), two places, a kept answer and two tokens, one of them used and one revoked. */
async function lowdbStore(dataDir: string): Promise<{ active: Release[]; archived: Release[]; token: string }> {
  const store = await openLowdbStore({ dataDir, logger: silentLogger });
  for (let i = 0; i < 6; i += 1) await store.create(build({ stepCount: 4 + i }), i === 5 ? 'slack:Ev-last' : undefined);
  await store.update('R-4', note('moved'));
  for (const id of ['R-2', 'R-5']) {
    await store.update(id, cancel);
    await store.archive(id);
  }
  const active = await store.listActive();
  const archived: Release[] = [];
  for await (const r of store.readArchive()) archived.push(r);
  await store.close();
  const places = await openJsonPlaceStore(dataDir);
  const rita = { id: 'slack:U1', name: 'rita' };
  await places.update('slack:T1:C1', (p) => ({ record: { ...p, roles: { release_manager: [rita] } }, result: undefined }));
  await places.update('slack:T1:U1', (p) => ({ record: { ...p, digest: { off: true, changedAt: '2026-03-01T09:00:00.000+02:00' } }, result: undefined }));
  const answers = await openJsonIdempotencyStore(dataDir, systemClock);
  await answers.put('ci:key-1', { fingerprint: 'f1', status: 201, body: { id: 'R-1', nested: { b: 1, a: [2, 1] } }, at: new Date().toISOString() });
  const token = await createToken(dataDir, 'github-ci', { now: new Date('2026-03-01T08:00:00Z') });
  await createToken(dataDir, 'old-ci', { now: new Date('2026-02-01T08:00:00Z'), scope: { surface: 'slack', workspaceId: 'T1' } });
  await fileTokenRegistry(dataDir).revoke('old-ci', '2026-02-20T08:00:00.000Z');
  await fileTokenRegistry(dataDir).recordUse(new Map([['github-ci', '2026-03-02T10:00:00.000Z']]));
  return { active, archived, token };
}

describePostgres('npm run store:migrate: a lowdb store into PostgreSQL', () => {
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('moves everything, checks it, leaves the files as they were; a bot then sees it and continues the R-numbers; a second run refuses', { timeout: 120_000 }, async () => {
    const dataDir = await tempDir('data');
    const source = await lowdbStore(dataDir);
    const before = await fingerprint(dataDir);
    const db = await database();

    const moved = await migrate(dataDir, db.url);
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/^ {2}active releases +4$/m);
    expect(moved.stdout).toMatch(/^ {2}archived releases +2$/m);
    expect(moved.stdout).toMatch(/^ {2}places +2$/m);
    expect(moved.stdout).toMatch(/^ {2}API tokens +2$/m);
    expect(moved.stdout).toMatch(/^ {2}kept API answers +1$/m);
    expect(moved.stdout).toMatch(/^ {2}next release +R-7$/m);
    expect(moved.stdout).toMatch(/^ {2}checksum +ok \(sha256 [0-9a-f]{16}…/m);
    expect(moved.stdout).toContain('reminder jobs');
    expect(moved.stdout).not.toContain('releasebot@');
    expect(await fingerprint(dataDir)).toEqual(before);

    // The rows as the files had them (before a bot records a token's use).
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const places = await client.query<{ key: string; data: { roles: Record<string, unknown> } }>('SELECT key, data FROM places ORDER BY key');
      expect(places.rows.map((r) => r.key)).toEqual(['slack:T1:C1', 'slack:T1:U1']);
      expect(places.rows[0]?.data.roles).toEqual({ release_manager: [{ id: 'slack:U1', name: 'rita' }] });
      const tokens = await client.query<{ name: string; revoked_at: Date | null; last_used_at: Date | null }>('SELECT name, revoked_at, last_used_at FROM api_tokens ORDER BY name');
      expect(tokens.rows.map((t) => [t.name, t.revoked_at?.toISOString() ?? null, t.last_used_at?.toISOString() ?? null])).toEqual([
        ['github-ci', null, '2026-03-02T10:00:00.000Z'],
        ['old-ci', '2026-02-20T08:00:00.000Z', null],
      ]);
      const answers = await client.query<{ key: string; answer: { body: unknown } }>('SELECT key, answer FROM idempotency_keys');
      expect(answers.rows).toEqual([{ key: 'ci:key-1', answer: expect.objectContaining({ body: { id: 'R-1', nested: { b: 1, a: [2, 1] } } }) }]);
    } finally {
      await client.end();
    }

    // A bot on the database (its own, empty DATA_DIR) finds every release as it was, the tokens, and numbers on.
    const botDir = await tempDir('bot');
    const config = readConfig({ NODE_ENV: 'test', DATA_DIR: botDir, MODELS_DIR: path.resolve('models'), TZ: 'UTC', DIGEST_AT: 'off', DATABASE_URL: db.url });
    const core = await startCore(config, { logger: silentLogger, clock: systemClock });
    try {
      expect(await core.store.listActive()).toEqual(source.active);
      const archived: Release[] = [];
      for await (const r of core.store.readArchive()) archived.push(r);
      expect(archived).toEqual(source.archived);
      expect(await core.store.get('R-4')).toEqual(source.active.find((r) => r.id === 'R-4'));
      expect(await core.pipelines.tokens.verify(source.token)).toEqual({ name: 'github-ci' });
      const next = await core.store.create(build());
      expect(next.release.id).toBe('R-7');
      const dedupe = await core.store.create(build(), 'slack:Ev-new');
      expect(dedupe.release.id).toBe('R-8');
    } finally {
      await core.close();
    }
    const again = await migrate(dataDir, db.url);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('The database already holds 8 releases, 2 places, 2 API tokens, 1 kept API answer:');
    expect(await fingerprint(dataDir)).toEqual(before);
  });

  it('a corrupt source refuses, naming the file, and writes nothing to the database', { timeout: 60_000 }, async () => {
    const dataDir = await tempDir('corrupt');
    await lowdbStore(dataDir);
    await writeFile(releaseFile(dataDir, 'R-3'), '{"id": "R-3", "seq": 3');
    const places = await tempDir('corrupt-places');
    await lowdbStore(places);
    await writeFile(path.join(places, 'places.json'), JSON.stringify({ schemaVersion: 1, places: { x: { roles: { wizard: [] } } } }));
    const db = await database();
    for (const [dir, file] of [[dataDir, 'R-3.json'], [places, 'places.json']] as const) {
      const before = await fingerprint(dir);
      const r = await migrate(dir, db.url);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain('Nothing was moved into the database.');
      expect(r.stderr).not.toMatch(/^\s+at .+[:(]/m);
      expect(await fingerprint(dir)).toEqual(before);
    }
    // Not even the schema: the files are read and checked before the database is opened.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::integer AS n FROM information_schema.tables WHERE table_schema = 'public'");
      expect(rows[0]?.n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('a copy that does not read back as the files have it is rolled back, whole', { timeout: 60_000 }, async () => {
    const dataDir = await tempDir('tampered');
    await lowdbStore(dataDir);
    const db = await database();
    // The schema exists already (a bot or the token CLI ran), with a trigger that changes one release on its way in.
    const pool = openPgPool(db.url, silentLogger);
    try {
      await runMigrations(pool, silentLogger);
      await pool.query(`CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = 'R-3' THEN NEW.data := jsonb_set(NEW.data, '{title}', '"not what the file says"'); END IF; RETURN NEW; END $$`);
      await pool.query('CREATE TRIGGER tamper BEFORE INSERT ON releases FOR EACH ROW EXECUTE FUNCTION tamper()');
      const r = await migrate(dataDir, db.url);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/does not match the files \(checksum [0-9a-f]{12}… of the files, [0-9a-f]{12}… of the database\); it was rolled back/);
      const { rows } = await pool.query<{ releases: number; tokens: number; places: number; seq: boolean }>(
        `SELECT (SELECT count(*) FROM releases)::integer AS releases, (SELECT count(*) FROM api_tokens)::integer AS tokens,
                (SELECT count(*) FROM places)::integer AS places, (SELECT is_called FROM release_seq) AS seq`,
      );
      expect(rows[0]).toEqual({ releases: 0, tokens: 0, places: 0, seq: false });
    } finally {
      await pool.end();
    }
  });

  it('refuses while a running bot holds DATA_DIR, and then moves once it is gone', { timeout: 60_000 }, async () => {
    const dataDir = await tempDir('locked');
    await lowdbStore(dataDir);
    const db = await database();
    // This test process plays the running bot: it holds the directory's lock; the move runs as another process.
    const bot = await openLowdbStore({ dataDir, logger: silentLogger });
    let refused;
    try {
      refused = await migrate(dataDir, db.url);
    } finally {
      await bot.close();
    }
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('A running Release Bot holds');
    expect(refused.stderr).toContain('Stop it first');
    const moved = await migrate(dataDir, db.url);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/^ {2}active releases +4$/m);
  });

  it('usage mistakes exit 2 and never echo the URL', async () => {
    const missing = await runNode(['--import', 'tsx', 'adapters/cli/store-migrate-main.ts'], { DATA_DIR: '/nonexistent' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--to');
    const bad = await runNode(['--import', 'tsx', 'adapters/cli/store-migrate-main.ts', '--to', 'mysql://root:hunter2@db/x'], { DATA_DIR: '/nonexistent' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('DATABASE_URL');
    expect(bad.stderr).not.toContain('hunter2');
  });
});
