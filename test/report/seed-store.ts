import type { Release } from '../../src/domain/release-schema.js';
import { isTerminal } from '../../src/domain/release-schema.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';

/**
 * Writes releases through the real store, in order, and archives the closed and cancelled ones, in chunks so the
 * store's write batching keeps it quick. The store allocates ids: give releases, … in order.
 */
export async function seedStore(dataDir: string, releases: readonly Release[], chunk = 250): Promise<void> {
  const store = await openLowdbStore({ dataDir });
  try {
    for (let i = 0; i < releases.length; i += chunk) {
      const part = releases.slice(i, i + chunk);
      const created = await Promise.all(part.map((r) => store.create((id, seq) => ({ ...r, id, seq }))));
      created.forEach(({ release }, j) => {
        if (release.id !== part[j]?.id) throw new Error(`seedStore: expected ${part[j]?.id}, the store allocated ${release.id}`);
      });
      await Promise.all(part.filter((r) => isTerminal(r.status)).map((r) => store.archive(r.id)));
    }
  } finally {
    await store.close();
  }
}
