import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openPostgresStores } from '../../src/storage/postgres/open-postgres-stores.js';
import { readMigrations } from '../../src/storage/postgres/run-migrations.js';
import { StoreCorruptError } from '../../src/storage/store-errors.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';
import { build, note } from './fixtures/store-test-kit.js';

const made: TestDatabase[] = [];
const open = (url: string) => openPostgresStores({ databaseUrl: url, logger: silentLogger, clock: systemClock, poolSize: 4 });

async function database(): Promise<TestDatabase> {
  const db = await freshDatabase();
  made.push(db);
  return db;
}

describePostgres('PostgreSQL store: what only a shared database has to prove', () => {
  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()));
  });

  it('two instances starting together migrate once, and both open', async () => {
    const db = await database();
    const [a, b, c] = await Promise.all([open(db.url), open(db.url), open(db.url)]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    expect(rows.map((r) => r.version)).toEqual((await readMigrations()).map((m) => m.version));
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('changes to one release from two instances at once are serialised: none is lost, ids are unique', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db.url), open(db.url)]);
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).releases.create(build())));
    expect(new Set(created.map((c) => c.release.id)).size).toBe(10);
    const id = created[0]!.release.id;
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).releases.update(id, note(`k${i}`))));
    const stored = await a.releases.get(id);
    expect(stored?.rev).toBe(created[0]!.release.rev + 40);
    expect(stored?.audit).toHaveLength(41);
    // A create retried on the other instance is recorded once.
    const [first, retry] = await Promise.all([a.releases.create(build(), 'teams:act:9'), b.releases.create(build(), 'teams:act:9')]);
    expect(first.release.id).toBe(retry.release.id);
    await Promise.all([a.close(), b.close()]);
  });

  it('a change runs again on the fresh row when another instance wrote since: it never refuses, answers or stores from a stale copy', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db.url), open(db.url)]);
    const { release } = await a.releases.create(build());
    await a.releases.get(release.id);
    await b.releases.update(release.id, note('from-b'));
    const sawB = (r: { audit: Array<{ key?: string }> }) => r.audit.some((x) => x.key === 'from-b');
    // Refused on a stale copy, this would throw; answered from one, it would say false.
    expect(await a.releases.update(release.id, (r) => ({ result: sawB(r) }))).toBe(true);
    await b.releases.update(release.id, note('again-b'));
    await a.releases.update(release.id, (r) => {
      if (!r.audit.some((x) => x.key === 'again-b')) throw new Error('acted on a stale copy');
      return { release: r, result: undefined };
    });
    await b.releases.update(release.id, note('third-b'));
    expect(await a.releases.update(release.id, note('from-a'))).toBe(5);
    const stored = await b.releases.get(release.id);
    expect(stored?.audit.map((x) => x.key)).toEqual([undefined, 'from-b', 'again-b', 'third-b', 'from-a']);
    expect(stored?.rev).toBe(release.rev + 5);
    await Promise.all([a.close(), b.close()]);
  });

  it('a row this build cannot read stops startup, names the row, and is left as it was', async () => {
    const db = await database();
    const stores = await open(db.url);
    await stores.releases.create(build());
    await stores.close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`UPDATE releases SET data = jsonb_set(data, '{status}', '"exploded"') WHERE id = 'R-1'`);
    const error = await open(db.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(String((error as Error).message)).toMatch(/releases table \(row R-1\)[\s\S]*status/);
    const { rows } = await client.query<{ status: string }>(`SELECT data->>'status' AS status FROM releases WHERE id = 'R-1'`);
    expect(rows[0]?.status).toBe('exploded');
    await client.end();
  });

  it('the render ledger never lets an older render overwrite a newer one, whichever instance asks', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db.url), open(db.url)]);
    expect(await a.renders.claim('C1:1.2', 3, 'x')).toBe(true);
    expect(await b.renders.claim('C1:1.2', 2, 'y')).toBe(false);
    expect(await b.renders.claim('C1:1.2', 3, 'x')).toBe(false);
    const both = await Promise.all([a.renders.claim('C1:1.2', 4, 'z'), b.renders.claim('C1:1.2', 4, 'z')]);
    expect(both.sort()).toEqual([false, true]);
    await a.renders.forget('C1:1.2', 4, 'z');
    expect(await b.renders.claim('C1:1.2', 4, 'z')).toBe(true);
    await b.renders.record('C1:1.2', 1, 'old');
    expect(await a.renders.shownRev('C1:1.2')).toBe(4);
    expect(await Promise.all([a.deliveries.firstTime('teams:1'), b.deliveries.firstTime('teams:1')]).then((r) => r.sort())).toEqual([false, true]);
    await Promise.all([a.close(), b.close()]);
  });

  it('places and idempotency answers are shared: one instance sees what the other stored', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db.url), open(db.url)]);
    const actor = { id: 'slack:T1:U1', name: 'ana' };
    await Promise.all(
      ['release_manager', 'approver'].map((role, i) =>
        (i ? a : b).places.update('slack:T1:C1', (p) => ({ record: { ...p, roles: { ...p.roles, [role]: [actor] } }, result: undefined })),
      ),
    );
    expect(Object.keys((await a.places.get('slack:T1:C1')).roles).sort()).toEqual(['approver', 'release_manager']);
    await a.answers.put('tok:k1', { fingerprint: 'f', status: 201, body: { id: 'R-1' }, at: new Date().toISOString() });
    expect(await b.answers.get('tok:k1')).toMatchObject({ status: 201, body: { id: 'R-1' } });
    expect(await b.answers.get('tok:k2')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });
});
