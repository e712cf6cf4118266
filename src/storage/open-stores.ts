import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logging/logger.js';
import { MemoryDeliveryLedger } from './delivery-ledger.js';
import { openJsonIdempotencyStore } from './json-idempotency-store.js';
import { openJsonPlaceStore } from './json-place-store.js';
import { openLowdbStore } from './open-lowdb-store.js';
import { openPostgresStores } from './postgres/open-postgres-stores.js';
import type { AfterWrite } from './postgres/pg-release-store.js';
import { MemoryRenderLedger } from './render-ledger.js';
import type { ReleaseStore } from './release-store.js';
import type { SharedStores } from './shared-stores.js';
import { fileTokenRegistry } from '../tokens/file-token-registry.js';

export interface OpenStoresOptions {
  dataDir: string;
  databaseUrl?: string;
  logger: Logger;
  clock: Clock;
  /** PostgreSQL only: runs in each release write's transaction (the reminder jobs). */
  afterWrite?: AfterWrite;
}

/**
 * PostgreSQL when DATABASE_URL is set, for any number of instances; otherwise DATA_DIR's files, for one. On files, the
 * directory lock (taken by the release store) covers the roles and answers files beside it; delivery keys and
 * rendered revisions stay in this process's memory, which is all one instance needs.
 */
export async function openStores(opts: OpenStoresOptions): Promise<SharedStores> {
  const { logger, clock } = opts;
  if (opts.databaseUrl) {
    const stores = await openPostgresStores({ databaseUrl: opts.databaseUrl, logger, clock, ...(opts.afterWrite ? { afterWrite: opts.afterWrite } : {}) });
    return stores;
  }
  const releases = await openLowdbStore({ dataDir: opts.dataDir, logger, clock });
  try {
    // A corrupt roles or answers file stops startup like a corrupt release file, and leaves the directory's lock free.
    const places = await openJsonPlaceStore(opts.dataDir);
    const answers = await openJsonIdempotencyStore(opts.dataDir, clock);
    return {
      kind: 'lowdb',
      where: opts.dataDir,
      releases,
      places,
      answers,
      deliveries: new MemoryDeliveryLedger(),
      renders: new MemoryRenderLedger(),
      tokens: fileTokenRegistry(opts.dataDir),
      close: () => releases.close(),
    };
  } catch (error) {
    await releases.close();
    throw error;
  }
}

/**
 * The releases alone, for a reader beside running bots (the report): PostgreSQL when DATABASE_URL is set, otherwise
 * DATA_DIR's files opened read-only, without the directory lock.
 */
export async function openReleasesForReading(opts: { dataDir: string; databaseUrl?: string; logger: Logger; clock: Clock }): Promise<ReleaseStore> {
  if (opts.databaseUrl) return (await openPostgresStores({ databaseUrl: opts.databaseUrl, logger: opts.logger, clock: opts.clock, poolSize: 2 })).releases;
  return openLowdbStore({ dataDir: opts.dataDir, logger: opts.logger, clock: opts.clock, readOnly: true });
}
