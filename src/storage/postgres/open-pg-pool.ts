import pg from 'pg';
import type { Logger } from '../../logging/logger.js';

export type { Pool, PoolClient } from 'pg';

/**
 * A connection pool for DATABASE_URL. TLS is set in the URL itself the way libpq reads it (`?sslmode=require`,
 * `sslrootcert=…`), so the operator's usual connection string works unchanged. An idle connection that the server
 * drops is logged and replaced, never left to crash the process.
 */
export function openPgPool(databaseUrl: string, logger: Logger, opts: { max?: number } = {}): pg.Pool {
  // Connections are kept for minutes, not pg's default 10 s: a new one costs a SCRAM handshake (thousands of hash
  // rounds on both sides), and a burst of due reminders after a quiet spell should not begin by paying it twenty times.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.max ?? 10, application_name: 'release-bot', connectionTimeoutMillis: 10_000, idleTimeoutMillis: 300_000 });
  pool.on('error', (error) => logger.warn('an idle database connection failed; the pool replaces it', { error }));
  return pool;
}

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
