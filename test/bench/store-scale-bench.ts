import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createReleaseService } from '../../src/app/create-release-service.js';
import type { ReleaseService } from '../../src/app/release-service.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { seedStoreDir } from './store-bench.js';

const ROUNDS = 10;
const ACTIONS_PER_ROUND = 100;
/** The seeded releases' manager, who may reassign any step as often as the bench likes. */
const actor = { id: 'console:rita', name: 'rita' };

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** Step actions through the use case (read, change, durable write), spread over every active release. */
async function measure(service: ReleaseService, ids: string[], round: number, samples: number[]): Promise<void> {
  for (let i = 0; i < ACTIONS_PER_ROUND; i++) {
    // A stride through the ids, so the big store's actions land on many releases, not on the same few.
    const releaseId = ids[(round * ACTIONS_PER_ROUND + i) * 7 % ids.length]!;
    const n = round * ACTIONS_PER_ROUND + i;
    const t0 = performance.now();
    await service.act({ releaseId, step: 1 + (n % 3), action: 'assign', actor, assignee: { id: `console:p${n}`, name: `p${n}` } });
    samples.push(performance.now() - t0);
  }
}

/**
 * Issue 14's embedded-store figure: a step action at 1,000 active releases against 10, same run, on lowdb. Each
 * action rewrites one release's file, so the ratio should stay near 1 (target p50 ≤ 1.5).
 */
export default async function storeScaleBench(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'store-scale-bench-'));
  try {
    const dirs = { small: path.join(root, 'active-10'), large: path.join(root, 'active-1000') };
    await seedStoreDir(dirs.small, { active: 10, archived: 0 });
    await seedStoreDir(dirs.large, { active: 1_000, archived: 0 });
    const catalog = await loadCatalog(path.resolve('models'));
    const stores = { small: await openLowdbStore({ dataDir: dirs.small }), large: await openLowdbStore({ dataDir: dirs.large }) };
    const make = (store: typeof stores.small) => createReleaseService({ store, catalog, clock: systemClock, timeZone: 'UTC', logger: silentLogger });
    const services = { small: make(stores.small), large: make(stores.large) };
    const ids = { small: (await stores.small.listActive()).map((r) => r.id), large: (await stores.large.listActive()).map((r) => r.id) };
    if (ids.small.length !== 10 || ids.large.length !== 1_000) throw new Error(`seeded ${ids.small.length} and ${ids.large.length} active releases`);
    const samples = { small: [] as number[], large: [] as number[] };
    await measure(services.small, ids.small, ROUNDS, []); // warm-up: code paths, file cache
    await measure(services.large, ids.large, ROUNDS, []);
    // Interleaved rounds, alternating which goes first, so load on this shared machine lands on both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
      for (const side of order) await measure(services[side], ids[side], round, samples[side]);
    }
    await Promise.all([stores.small.close(), stores.large.close()]);
    const p50 = pct(samples.large, 50) / pct(samples.small, 50);
    const p99 = pct(samples.large, 99) / pct(samples.small, 99);
    console.log(`step action, 1,000 vs 10 active releases (lowdb): ratio p50 ${p50.toFixed(2)}, p99 ${p99.toFixed(2)}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
