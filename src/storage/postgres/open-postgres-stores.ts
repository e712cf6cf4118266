import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../logging/logger.js';
import type { SharedStores } from '../shared-stores.js';
import { runMigrations } from './run-migrations.js';
import { openPgPool } from './open-pg-pool.js';
import { pgDeliveryLedger } from './pg-delivery-ledger.js';
import { pgIdempotencyStore } from './pg-idempotency-store.js';
import { pgPlaceStore } from './pg-place-store.js';
import { PgReleaseStore, type AfterWrite } from './pg-release-store.js';
import { pgRenderLedger } from './pg-render-ledger.js';
import { pgTokenRegistry } from './pg-token-registry.js';

export interface PostgresStoreOptions {
  databaseUrl: string;
  logger: Logger;
  clock: Clock;
  /** Runs in every release write's transaction (the reminder jobs). */
  afterWrite?: AfterWrite;
  poolSize?: number;
}

/**
 * Everything shared between instances, in one PostgreSQL database: migrates it first (once, whoever starts first),
 * then checks that every active release still reads, so a database this build cannot read stops startup.
 */
export async function openPostgresStores(opts: PostgresStoreOptions): Promise<SharedStores & { pool: import('pg').Pool }> {
  const pool = openPgPool(opts.databaseUrl, opts.logger, opts.poolSize ? { max: opts.poolSize } : {});
  try {
    const { version } = await runMigrations(pool, opts.logger);
    const releases = new PgReleaseStore(pool, { ...(opts.afterWrite ? { afterWrite: opts.afterWrite } : {}), onClose: () => pool.end() });
    const active = await releases.verify();
    const host = safeHost(opts.databaseUrl);
    opts.logger.info('release store opened', { store: 'postgres', host, schemaVersion: version, active });
    return {
      kind: 'postgres',
      where: host,
      pool,
      releases,
      places: pgPlaceStore(pool),
      answers: pgIdempotencyStore(pool, opts.clock),
      deliveries: pgDeliveryLedger(pool),
      renders: pgRenderLedger(pool),
      tokens: pgTokenRegistry(pool),
      close: () => releases.close(),
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/** host:port/database, never the credentials: it is logged and shown at startup. */
export function safeHost(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
