import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { isTerminal } from '../../src/domain/release-schema.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/logging/logger.js';
import { openPostgresStores } from '../../src/storage/postgres/open-postgres-stores.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';
import { handBuiltReleases } from './report-fixtures.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describePostgres('npm run report on PostgreSQL', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });

  it('reads the active releases and the archive from DATABASE_URL, with no data directory', async () => {
    db = await freshDatabase();
    const stores = await openPostgresStores({ databaseUrl: db.url, logger: silentLogger, clock: systemClock });
    const releases = handBuiltReleases();
    for (const r of releases) {
      await stores.releases.create((id, seq) => ({ ...r, id, seq }));
      if (isTerminal(r.status)) await stores.releases.archive(r.id);
    }
    await stores.close();
    const dir = await mkdtemp(path.join(tmpdir(), 'report-pg-'));
    const out = path.join(dir, 'report.html');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'adapters/report/report-cli.ts', '--days', 'all', '--out', out], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, DATA_DIR: path.join(dir, 'no-such-dir'), TZ: 'UTC' },
    });
    const started = releases.length;
    expect(stdout).toContain(`${started} started`);
    expect(await readFile(out, 'utf8')).toContain('<html');
  });
});
