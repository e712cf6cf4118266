import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/logging/logger.js';
import { BENCH_STEPS, benchModel } from './bench-model.js';
import { createReminderScheduler } from '../../src/scheduler/create-reminder-scheduler.js';
import { runBounded } from '../../src/scheduler/run-bounded.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { watchReleaseChanges } from '../../src/storage/watch-release-changes.js';
import { storeRelease } from '../scheduler/fixtures.js';

const RELEASES = 100;
const PER_RELEASE = 10;
const STEPS = BENCH_STEPS;

/** Ten announcements per release, all due 10 to 19 minutes ago when the bench ticks. */
const model = benchModel(
  'Many reminders at once.',
  Array.from({ length: PER_RELEASE }, (_, i) => ({ id: `r-${i}`, kind: 'communication', at: `-${40 + i}m`, owners: ['comms'], message: 'Tell the users about {title} at {plannedAt}.' })),
);

async function seeded(root: string, name: string): Promise<{ store: ReleaseStore; dir: string }> {
  const dataDir = path.join(root, name);
  const store = await openLowdbStore({ dataDir });
  const plannedAt = new Date(Date.now() + 30 * 60_000).toISOString();
  const planned = new Date(Date.now() - 60 * 60_000);
  for (let i = 0; i < RELEASES; i++) await storeRelease(store, { plannedAt, now: planned, model });
  return { store, dir: path.join(dataDir, 'releases') };
}

/** The baseline: one bare store.update per reminder (the least a durable "sent" record costs one by one), from 8 lanes like the scheduler. */
async function bareUpdates(store: ReleaseStore): Promise<number> {
  const ids = (await store.listActive()).map((r) => r.id);
  const start = performance.now();
  await runBounded(ids, 8, async (id) => {
    for (let i = 0; i < PER_RELEASE; i++)
      await store.update(id, (r) => ({ release: { ...r, updatedAt: new Date().toISOString() }, result: undefined }));
  });
  return performance.now() - start;
}

async function dispatch(store: ReleaseStore): Promise<number> {
  let delivered = 0;
  const watched = watchReleaseChanges(store, silentLogger);
  const scheduler = createReminderScheduler({
    store: watched,
    changes: watched.changes,
    clock: systemClock,
    senderFor: () => ({ deliver: async () => void delivered++ }),
    timeZone: 'Europe/Berlin',
    tickSeconds: 1,
    maxLatenessMs: 12 * 3_600_000,
    maxAttempts: 5,
    retryBaseMs: 10_000,
    logger: silentLogger,
  });
  const start = performance.now();
  const result = await scheduler.tick();
  const took = performance.now() - start;
  if (result.sent !== RELEASES * PER_RELEASE || delivered !== result.sent) throw new Error(`sent ${result.sent}, delivered ${delivered}`);
  return took;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export default async function schedulerBench(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'scheduler-bench-'));
  try {
    const runs: Array<{ tick: number; bare: number }> = [];
    let fileKb = 0;
    // Three rounds on fresh stores, alternating which goes first, so noise on this shared machine hits both alike.
    for (let round = 0; round < 3; round++) {
      const a = await seeded(root, `tick-${round}`);
      const b = await seeded(root, `bare-${round}`);
      let bytes = 0;
      for (const name of await readdir(a.dir)) bytes += (await stat(path.join(a.dir, name))).size;
      fileKb = Math.round(bytes / 1024);
      let tick: number;
      let bare: number;
      if (round % 2 === 0) {
        tick = await dispatch(a.store);
        bare = await bareUpdates(b.store);
      } else {
        bare = await bareUpdates(b.store);
        tick = await dispatch(a.store);
      }
      runs.push({ tick, bare });
      await Promise.all([a.store.close(), b.store.close()]);
    }
    const n = RELEASES * PER_RELEASE;
    const tick = median(runs.map((r) => r.tick));
    const bare = median(runs.map((r) => r.bare));
    const list = (f: (r: { tick: number; bare: number }) => number, digits = 0) => runs.map((r) => f(r).toFixed(digits)).join(', ');
    console.log(`scheduler: one tick dispatching ${n} reminders due at once over ${RELEASES} active releases (${STEPS} steps each, release files ${fileKb} KB), no-op sender`);
    console.log(`  tick (median of ${runs.length}): ${tick.toFixed(0)} ms total, ${(tick / n).toFixed(2)} ms per reminder  (runs: ${list((r) => r.tick)} ms)`);
    console.log(`  baseline, ${n} bare store.update calls (one per reminder) from 8 lanes: ${bare.toFixed(0)} ms  (runs: ${list((r) => r.bare)} ms)`);
    console.log(`  ratio tick / baseline: median ${median(runs.map((r) => r.tick / r.bare)).toFixed(2)}  (per round: ${list((r) => r.tick / r.bare, 2)})`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await schedulerBench();
