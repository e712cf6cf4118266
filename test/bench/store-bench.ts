import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type { Release } from '../../src/domain/release-schema.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import {
  ARCHIVE_FILE_NAME,
  CURRENT_SCHEMA_VERSION,
  INDEX_FILE_NAME,
  MAX_CREATED_KEYS,
  RELEASES_DIR_NAME,
  type StoreIndex,
} from '../../src/storage/store-index.js';
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
 * Writes a data dir in the store's own format: `archived` closed releases in archive.jsonl, then `active` running ones,
 * one file each in releases/, and the index with the dedupe keys a real history would leave. Creating 10,000 through
 * the API would take minutes.
 */
export async function seedStoreDir(dataDir: string, opts: { active: number; archived: number; stepCount?: number }): Promise<void> {
  const stepCount = opts.stepCount ?? 20;
  const releasesDir = path.join(dataDir, RELEASES_DIR_NAME);
  await mkdir(releasesDir, { recursive: true });
  if (opts.archived > 0) {
    const out = createWriteStream(path.join(dataDir, ARCHIVE_FILE_NAME));
    for (let seq = 1; seq <= opts.archived; seq += 1)
      if (!out.write(JSON.stringify(closedRelease(seq, stepCount)) + '\n')) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  const total = opts.archived + opts.active;
  const index: StoreIndex = { schemaVersion: CURRENT_SCHEMA_VERSION, nextSeq: total + 1, createdKeys: {} };
  // The store keeps dedupe keys only for active releases (keys of archived ones are dropped).
  for (let seq = Math.max(opts.archived + 1, total - MAX_CREATED_KEYS + 1); seq <= total; seq += 1) index.createdKeys[`slack:Ev${seq}`] = `R-${seq}`;
  await writeFileAtomic(path.join(dataDir, INDEX_FILE_NAME), JSON.stringify(index));
  for (let start = opts.archived + 1; start <= total; start += 100) {
    const seqs = Array.from({ length: Math.min(100, total - start + 1) }, (_, i) => start + i);
    await Promise.all(
      seqs.map((seq) =>
        writeFileAtomic(path.join(releasesDir, `R-${seq}.json`), JSON.stringify(makeRelease({ seq, stepCount, status: 'in_progress' })), { syncDir: false }),
      ),
    );
  }
}

/** Bytes of the active releases' files, or of one file. */
async function sizeOf(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(target)) total += (await stat(path.join(target, name))).size;
  return total;
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
const kb = async (target: string) => `${Math.round((await sizeOf(target)) / 1024)} KB`;

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
    console.log(`  10 stored releases:      p50 ${ms(pct(a, 50))}  p99 ${ms(pct(a, 99))}  (active files ${await kb(path.join(dirs.small, RELEASES_DIR_NAME))})`);
    console.log(`  10,000 stored (9,990 archived, 10 active): p50 ${ms(pct(b, 50))}  p99 ${ms(pct(b, 99))}  (active files ${await kb(path.join(dirs.large, RELEASES_DIR_NAME))}, archive ${await kb(path.join(dirs.large, ARCHIVE_FILE_NAME))})`);
    console.log(`  ratio 10,000 / 10: p50 ${(pct(b, 50) / pct(a, 50)).toFixed(2)}  p99 ${(pct(b, 99) / pct(a, 99)).toFixed(2)}  (target ≤ 1.5)`);
    console.log(`  step update with 200 active releases: p50 ${ms(pct(w, 50))}  p99 ${ms(pct(w, 99))}  = ${(pct(w, 50) / pct(a, 50)).toFixed(2)}× the 10-release p50 (active files ${await kb(path.join(dirs.wide, RELEASES_DIR_NAME))})`);
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
