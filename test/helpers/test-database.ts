import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/** The server the PostgreSQL tests use; each test file gets a database of its own on it. */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];

/**
 * `describe` for tests that need a real PostgreSQL. Outside CI, without TEST_DATABASE_URL, they are skipped and the
 * name says why; in CI a missing URL is a failing test, so a broken setup can never pass as green.
 */
export function describePostgres(name: string, body: () => void): void {
  if (TEST_DATABASE_URL) {
    describe(name, body);
    return;
  }
  if (process.env['CI']) {
    describe(name, () => it('has a PostgreSQL to run against', () => {
      throw new Error('TEST_DATABASE_URL is not set: CI must start PostgreSQL and set it (see .ci/run)');
    }));
    return;
  }
  describe.skip(`${name} (skipped: set TEST_DATABASE_URL to run against PostgreSQL)`, body);
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server, so test files can run side by side and leave nothing behind. */
export async function freshDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `rb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
