import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken, openTokenRegistry, readConfig, revokeToken, silentLogger, startCore, systemClock, type Core } from '../../src/index.js';
import { runNode } from '../cli/run-process.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';

/*
 * API tokens in PostgreSQL: the token CLI (a real process) writes the api_tokens table, and two cores on the same
 * database (two instances) honour what it did within the contract's two seconds.
 */
const cleanups: Array<() => Promise<void>> = [];

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `rb-pg-tokens-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function core(db: TestDatabase, name: string): Promise<Core> {
  const dataDir = await tempDir(name);
  const config = readConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MODELS_DIR: path.resolve('models'), TZ: 'UTC', DIGEST_AT: 'off', DATABASE_URL: db.url });
  const started = await startCore(config, { logger: silentLogger, clock: systemClock });
  cleanups.push(() => started.close());
  return started;
}

/** Polls until `check` holds; resolves with the milliseconds it took, or with Infinity after `ms`. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (Date.now() - start <= ms) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Infinity;
}

describePostgres('API tokens in PostgreSQL, through the token CLI and two instances', () => {
  let db: TestDatabase;
  let cliDir = '';
  const token = (...args: string[]) => runNode(['--import', 'tsx', 'adapters/cli/token-main.ts', ...args], { DATA_DIR: cliDir, DATABASE_URL: db.url });

  beforeAll(async () => {
    db = await freshDatabase();
    cliDir = await tempDir('cli');
  });
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await db?.drop();
  });

  it('a token created by the CLI on a fresh database, a new one while two instances run, a revoke, a taken name, last use in the list', { timeout: 90_000 }, async () => {
    // The CLI runs before any bot: it migrates the empty database itself.
    const first = await token('create', 'first-ci', '--scope', 'slack:T0123');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const firstToken = first.stdout.trimEnd().split('\n').at(-1)!;
    expect(firstToken).toMatch(/^rbt_[A-Za-z0-9_-]{43}$/);
    await expect(access(path.join(cliDir, 'tokens.json'))).rejects.toThrow();

    const [a, b] = [await core(db, 'a'), await core(db, 'b')];
    expect(await a.pipelines.tokens.verify(firstToken)).toEqual({ name: 'first-ci', scope: { surface: 'slack', workspaceId: 'T0123' } });
    expect(await b.pipelines.tokens.verify(firstToken)).toMatchObject({ name: 'first-ci' });

    // Created while both run, each having just read the tokens: both accept it within two seconds of the CLI's answer.
    const second = await token('create', 'second-ci');
    expect(second.code).toBe(0);
    const secondToken = second.stdout.trimEnd().split('\n').at(-1)!;
    const accepted = await Promise.all([a, b].map((c) => within(2_000, async () => (await c.pipelines.tokens.verify(secondToken))?.name === 'second-ci')));
    expect(accepted.every((ms) => ms <= 2_000)).toBe(true);

    const revoked = await token('revoke', 'first-ci');
    expect(revoked.code).toBe(0);
    const refused = await Promise.all([a, b].map((c) => within(2_000, async () => (await c.pipelines.tokens.verify(firstToken)) === undefined)));
    expect(refused.every((ms) => ms <= 2_000)).toBe(true);
    expect(await b.pipelines.tokens.verify(secondToken)).toMatchObject({ name: 'second-ci' });

    // A name is used once, also after it was revoked, whichever instance or host asks.
    for (const name of ['second-ci', 'first-ci']) {
      const taken = await token('create', name);
      expect(taken.code).toBe(1);
      expect(taken.stdout).toBe('');
      expect(taken.stderr.trimEnd().split('\n')).toEqual([`token: A token named "${name}" already exists; pick another name (revoked names stay taken).`]);
    }
    const again = await token('revoke', 'first-ci');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already revoked at \d{4}-/);

    // Last use is written in batches (here: on flush, as at shutdown), by each instance; the later time wins.
    await a.pipelines.tokens.flush();
    await b.pipelines.tokens.flush();
    const list = await token('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^first-ci\s+\S+Z\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+slack:T0123\s+\d{4}-\d\d-\d\dT[\d:.]+Z$/m);
    expect(list.stdout).toMatch(/^second-ci\s+\S+Z\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+-\s+-$/m);
    expect(list.stdout).not.toContain('rbt_');
    await expect(access(path.join(cliDir, 'tokens.json'))).rejects.toThrow();
  });

  it('a revoke stamped earlier than the newest token (a host whose clock is behind) is still seen', { timeout: 30_000 }, async () => {
    const { registry, close } = await openTokenRegistry({ dataDir: cliDir, databaseUrl: db.url });
    cleanups.push(close);
    const [a] = [await core(db, 'skew')];
    const early = await createToken(registry, 'skewed-early', { now: new Date('2030-01-01T00:00:00Z') });
    await createToken(registry, 'skewed-late', { now: new Date('2031-01-01T00:00:00Z') });
    expect(await within(2_000, async () => (await a.pipelines.tokens.verify(early))?.name === 'skewed-early')).toBeLessThanOrEqual(2_000);
    await revokeToken(registry, 'skewed-early', new Date('2029-06-01T00:00:00Z'));
    expect(await within(2_000, async () => (await a.pipelines.tokens.verify(early)) === undefined)).toBeLessThanOrEqual(2_000);
  });

  it('a row that is not a valid token keeps the tokens read before, and is left as it was', { timeout: 30_000 }, async () => {
    const a = await core(db, 'broken');
    const { registry, close } = await openTokenRegistry({ dataDir: cliDir, databaseUrl: db.url });
    cleanups.push(close);
    const kept = await createToken(registry, 'kept-ci', { now: new Date() });
    expect(await within(2_000, async () => (await a.pipelines.tokens.verify(kept))?.name === 'kept-ci')).toBeLessThanOrEqual(2_000);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO api_tokens (name, hash, created_at) VALUES ('Bad Name', 'zz', now())`);
      await new Promise((r) => setTimeout(r, 1_100));
      expect(await a.pipelines.tokens.verify(kept)).toMatchObject({ name: 'kept-ci' });
      const { rows } = await client.query<{ hash: string }>(`SELECT hash FROM api_tokens WHERE name = 'Bad Name'`);
      expect(rows[0]?.hash).toBe('zz');
    } finally {
      await client.end();
    }
  });
});
