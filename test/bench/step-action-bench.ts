import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createReleaseService } from '../../src/app/create-release-service.js';
import type { ReleaseService } from '../../src/app/release-service.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { silentLogger } from '../../src/logging/logger.js';
import { systemClock } from '../../src/domain/clock.js';
import { makeRelease } from '../helpers/make-release.js';

const ACTIVE = 10;
const ROUNDS = 6;
const ACTIONS_PER_ROUND = 60;

async function seed(dir: string, archived: number): Promise<ReleaseStore> {
  const store = await openLowdbStore({ dataDir: dir });
  const closedAt = '2026-03-09T10:00:00.000Z';
  for (let start = 0; start < archived; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, archived - start) }, () =>
      store.create((id, seq) =>
        makeRelease({ id, seq, stepCount: 20, status: 'closed', deployedAt: '2026-03-05T14:00:00.000Z', outcome: { result: 'success', incidents: [], closedBy: { id: 'console:rita', name: 'rita' }, closedAt } }),
      ),
    );
    const created = await Promise.all(batch);
    await Promise.all(created.map(({ release }) => store.archive(release.id)));
  }
  await Promise.all(Array.from({ length: ACTIVE }, () => store.create((id, seq) => makeRelease({ id, seq, stepCount: 20 }))));
  return store;
}

async function measure(service: ReleaseService, active: string[], samples: number[]): Promise<void> {
  // The release manager: since the trust rules, only they (or the assignee) may reassign a step that has an assignee.
  const actor = { id: 'console:rita', name: 'rita' };
  for (let i = 0; i < ACTIONS_PER_ROUND; i++) {
    const releaseId = active[i % active.length]!;
    const step = 1 + (Math.floor(i / active.length) % 2);
    const t0 = performance.now();
    await service.act({ releaseId, step, action: 'assign', actor, assignee: { id: `console:p${i}`, name: `p${i}` } });
    samples.push(performance.now() - t0);
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** Step-action latency through the use case (validation, store, view) with 10 versus 10,000 stored releases. */
export default async function stepActionBench(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-step-'));
  const catalog = await loadCatalog(path.resolve('models'));
  const small = await seed(path.join(root, 'small'), 0);
  const large = await seed(path.join(root, 'large'), 10_000 - ACTIVE);
  const make = (store: ReleaseStore) => createReleaseService({ store, catalog, clock: systemClock, timeZone: 'UTC', logger: silentLogger });
  const services = { small: make(small), large: make(large) };
  const ids = { small: (await small.listActive()).map((r) => r.id), large: (await large.listActive()).map((r) => r.id) };
  const samples = { small: [] as number[], large: [] as number[] };
  // Interleaved rounds, so machine noise lands on both sides alike.
  for (let round = 0; round < ROUNDS; round++) {
    await measure(services.small, ids.small, samples.small);
    await measure(services.large, ids.large, samples.large);
  }
  await small.close();
  await large.close();
  await fs.rm(root, { recursive: true, force: true });
  const p50 = pct(samples.large, 50) / pct(samples.small, 50);
  const p99 = pct(samples.large, 99) / pct(samples.small, 99);
  console.log(`step action, 10,000 vs 10 stored releases (${samples.small.length} actions each):`);
  console.log(`  10 stored:     p50 ${pct(samples.small, 50).toFixed(2)} ms, p99 ${pct(samples.small, 99).toFixed(2)} ms`);
  console.log(`  10,000 stored: p50 ${pct(samples.large, 50).toFixed(2)} ms, p99 ${pct(samples.large, 99).toFixed(2)} ms`);
  console.log(`  ratio p50 ${p50.toFixed(2)}, p99 ${p99.toFixed(2)} (target p50 <= 1.5)`);
}
