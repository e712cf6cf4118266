import { afterAll, afterEach, describe } from 'vitest';
import { silentLogger } from '../../src/logging/logger.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { openPostgresStores } from '../../src/storage/postgres/open-postgres-stores.js';
import { systemClock } from '../../src/domain/clock.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';
import { removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';
import { releaseStoreContract } from './release-store-contract.js';

describe('the release store contract on lowdb files', () => {
  afterEach(removeTempDirs);
  releaseStoreContract(async () => {
    const dataDir = await tempDataDir();
    return { open: () => openLowdbStore({ dataDir }) };
  });
});

describePostgres('the release store contract on PostgreSQL', () => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()));
  });
  releaseStoreContract(async () => {
    const db = await freshDatabase();
    made.push(db);
    return {
      async open() {
        // Closing the release store also ends the pool it owns.
        return (await openPostgresStores({ databaseUrl: db.url, logger: silentLogger, clock: systemClock, poolSize: 4 })).releases;
      },
    };
  });
});
