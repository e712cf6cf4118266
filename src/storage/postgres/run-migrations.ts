import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';
import type { Logger } from '../../logging/logger.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant shared by every instance: pg_advisory_lock(bigint) takes it. "RBMIGRAT" read as hex digits. */
const MIGRATION_LOCK = 0x5242_4d49_4752_4154n;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNN-name.sql` files in version order. A gap or a repeated number is a packaging mistake and stops startup. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = /^(\d+)-[a-z0-9-]+\.sql$/.exec(name);
    if (!match) throw new Error(`migration file ${name} in ${dir} is not named NNN-name.sql`);
    const version = Number(match[1]);
    if (version !== migrations.length + 1) throw new Error(`migration ${name} should be number ${migrations.length + 1}`);
    migrations.push({ version, name, sql: await readFile(`${dir}/${name}`, 'utf8') });
  }
  return migrations;
}

/**
 * Brings the schema up to date. Instances starting together queue on one session-level advisory lock, so exactly one
 * applies each migration and the others find it done. Each migration and its row in schema_migrations commit together:
 * a crash mid-way leaves the schema at the last whole version. A database newer than this build refuses to start.
 */
export async function runMigrations(pool: Pool, logger: Logger, migrations?: Migration[]): Promise<{ applied: string[]; version: number }> {
  const all = migrations ?? (await readMigrations());
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      const have = new Set(done.rows.map((r) => r.version));
      const newest = Math.max(0, ...have);
      if (newest > all.length) {
        throw new Error(`the database schema is at version ${newest}, newer than this build of Release Bot knows (${all.length}); upgrade Release Bot`);
      }
      const applied: string[] = [];
      for (const m of all) {
        if (have.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        applied.push(m.name);
        logger.info('database migrated', { migration: m.name });
      }
      return { applied, version: all.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}
