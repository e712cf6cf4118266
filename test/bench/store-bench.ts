import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type { Release } from '../../src/domain/release-schema.js';
import { ARCHIVE_FILE_NAME, CURRENT_SCHEMA_VERSION, HOT_FILE_NAME, MAX_CREATED_KEYS, type HotFile } from '../../src/storage/hot-file.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { writeFileAtomic } from '../../src/storage/write-file-atomic.js';
import { makeRelease } from '../helpers/make-release.js';

const actor = { id: 'console:bench', name: 'bench' };

/** A finished release as history holds it: every step done, one audit entry per step. */
function closedRelease(seq: number, stepCount: number): Release {
  const r = makeRelease({ seq, stepCount, status: 'closed' });
  const at = '2026-03-05T15:00:00.000Z';
  r.steps = r.steps.map((s) => ({ ...s, state: 'done', by: actor, at }));
  r.audit.push(...r.steps.map((s) => ({ at, actor, action: 'complete', stepId: s.stepId, key: `bench-${seq}-${s.stepId}` })));
  r.outcome = { result: 'success', incidents: [], closedBy: actor, closedAt: at };
  return r;
}

/**
 * Writes a data dir in the store's own format: `archived` closed releases in archive.jsonl, then `active` running ones
 * in releases.json, with the dedupe keys a real history would leave. Creating 10,000 through the API would take minutes.
 */
export async function seedStoreDir(dataDir: string, opts: { active: number; archived: number; stepCount?: number }): Promise<void> {
  const stepCount = opts.stepCount ?? 20;
  await mkdir(dataDir, { recursive: true });
  if (opts.archived > 0) {
    const out = createWriteStream(path.join(dataDir, ARCHIVE_FILE_NAME));
    for (let seq = 1; seq <= opts.archived; seq += 1)
      if (!out.write(JSON.stringify(closedRelease(seq, stepCount)) + '\n')) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  const total = opts.archived + opts.active;
  const hot: HotFile = { schemaVersion: CURRENT_SCHEMA_VERSION, nextSeq: total + 1, releases: {}, createdKeys: {} };
  for (let seq = opts.archived + 1; seq <= total; seq += 1) hot.releases[`R-${seq}`] = makeRelease({ seq, stepCount, status: 'in_progress' });
  // The store keeps dedupe keys only for releases in the hot file (keys of archived ones are dropped).
  for (let seq = Math.max(opts.archived + 1, total - MAX_CREATED_KEYS + 1); seq <= total; seq += 1) hot.createdKeys[`slack:Ev${seq}`] = `R-${seq}`;
  await writeFileAtomic(path.join(dataDir, HOT_FILE_NAME), JSON.stringify(hot));
}

/** One step action as the service would store it: toggle a step and record who did it. */
async function stepAction(store: ReleaseStore, id: string, n: number): Promise<void> {
  await store.update(id, (r) => {
    const step = r.steps[n % r.steps.length]!;
    step.state = step.state === 'done' ? 'open' : 'done';
    step.by = actor;
    step.at = new Date().toISOString();
    r.audit.push({ at: step.at, actor, action: 'complete', stepId: step.stepId, key: `b-${n}` });
    return { release: r, result: undefined };
  });
}

async function timed(samples: number[], action: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await action();
  samples.push(performance.now() - start);
}

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const UPDATES = 300;
const ms = (v: number) => `${v.toFixed(2)} ms`;
const kb = async (file: string) => `${Math.round((await stat(file)).size / 1024)} KB`;

export default async function storeBench(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'store-bench-'));
  try {
    const dirs = { small: path.join(root, 'small'), large: path.join(root, 'large'), wide: path.join(root, 'wide'), history: path.join(root, 'history') };
    await seedStoreDir(dirs.small, { active: 10, archived: 0 });
    await seedStoreDir(dirs.large, { active: 10, archived: 9_990 });
    await seedStoreDir(dirs.wide, { active: 200, archived: 0 });
    await seedStoreDir(dirs.history, { active: 0, archived: 10_000 });

    // 1. Step-action latency, 10 vs 10,000 stored releases, interleaved so disk noise hits both alike.
    const small = await openLowdbStore({ dataDir: dirs.small });
    const large = await openLowdbStore({ dataDir: dirs.large });
    const wide = await openLowdbStore({ dataDir: dirs.wide });
    const ids = (s: ReleaseStore) => s.listActive().then((rs) => rs.map((r) => r.id));
    const [smallIds, largeIds, wideIds] = await Promise.all([ids(small), ids(large), ids(wide)]);
    const a: number[] = [];
    const b: number[] = [];
    const w: number[] = [];
    // Warm up, then alternate one update on each store, so load spikes on this shared machine hit all of them alike.
    for (let i = 0; i < 20; i += 1) {
      await stepAction(small, smallIds[i % 10]!, i);
      await stepAction(large, largeIds[i % 10]!, i);
      await stepAction(wide, wideIds[i % 200]!, i);
    }
    for (let i = 0; i < UPDATES; i += 1) {
      await timed(a, () => stepAction(small, smallIds[i % smallIds.length]!, i));
      await timed(b, () => stepAction(large, largeIds[i % largeIds.length]!, i));
      if (i % 2 === 0) await timed(w, () => stepAction(wide, wideIds[i % wideIds.length]!, i));
    }
    console.log(`store: step update, ${a.length} sequential updates each, 20 steps per release`);
    console.log(`  10 stored releases:      p50 ${ms(pct(a, 50))}  p99 ${ms(pct(a, 99))}  (hot file ${await kb(path.join(dirs.small, HOT_FILE_NAME))})`);
    console.log(`  10,000 stored (9,990 archived, 10 active): p50 ${ms(pct(b, 50))}  p99 ${ms(pct(b, 99))}  (hot file ${await kb(path.join(dirs.large, HOT_FILE_NAME))}, archive ${await kb(path.join(dirs.large, ARCHIVE_FILE_NAME))})`);
    console.log(`  ratio 10,000 / 10: p50 ${(pct(b, 50) / pct(a, 50)).toFixed(2)}  p99 ${(pct(b, 99) / pct(a, 99)).toFixed(2)}  (target ≤ 1.5)`);
    console.log(`  hot-file write with 200 active releases: p50 ${ms(pct(w, 50))}  p99 ${ms(pct(w, 99))}  = ${(pct(w, 50) / pct(a, 50)).toFixed(2)}× the 10-release p50 (hot file ${await kb(path.join(dirs.wide, HOT_FILE_NAME))})`);
    await Promise.all([small.close(), large.close(), wide.close()]);

    // 2. Reports: stream 10,000 archived releases, validated, against a bare read-and-JSON.parse baseline.
    const archiveFile = path.join(dirs.history, ARCHIVE_FILE_NAME);
    let start = performance.now();
    const parsed = (await readFile(archiveFile, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown).length;
    const baseline = performance.now() - start;
    const history = await openLowdbStore({ dataDir: dirs.history });
    start = performance.now();
    let count = 0;
    for await (const release of history.readArchive()) if (release.id) count += 1;
    const streamed = performance.now() - start;
    if (count !== 10_000 || parsed !== 10_000) throw new Error(`readArchive returned ${count} releases, expected 10,000`);
    await history.close();
    const cold = await openLowdbStore({ dataDir: dirs.history });
    start = performance.now();
    await cold.get('R-5000');
    const firstGet = performance.now() - start;
    start = performance.now();
    for (let i = 1; i <= 100; i += 1) await cold.get(`R-${i * 97}`);
    const laterGet = (performance.now() - start) / 100;
    await cold.close();
    console.log(`store: readArchive of 10,000 releases (${await kb(archiveFile)}): ${ms(streamed)} validated, ${(streamed / baseline).toFixed(2)}× a bare read + JSON.parse (${ms(baseline)})`);
    console.log(`  get(archived id): first after open ${ms(firstGet)} (builds the id index), then ${ms(laterGet)} each`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
