import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { createReportService } from '../../src/report/create-report-service.js';
import { renderReportHtml } from '../../adapters/report/render-report-html.js';
import { prng, realisticRelease } from '../report/realistic-releases.js';
import { seedStore } from '../report/seed-store.js';

const RELEASES = 10_000;
const ROUNDS = 3;
const END = Date.parse('2026-11-27T00:00:00Z');

async function readAlone(store: ReleaseStore): Promise<number> {
  let n = (await store.listActive()).length;
  for await (const release of store.readArchive()) n += release.id ? 1 : 0;
  return n;
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Builds and stores the history in its own scope, so the 10,000 generated objects are garbage before anything is timed. */
async function seed(dir: string): Promise<string> {
  const rand = prng(5);
  const releases = Array.from({ length: RELEASES }, (_, i) => realisticRelease(i + 1, RELEASES, END, rand));
  const seeded = await time(() => seedStore(dir, releases));
  const audit = releases.reduce((n, r) => n + r.audit.length, 0);
  return `seeded ${RELEASES} releases (20 steps, ${(audit / RELEASES).toFixed(1)} audit entries each) through the store in ${(seeded.ms / 1000).toFixed(1)} s`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Issue 5: at 10,000 archived releases the report may take at most twice as long as reading the archive alone.
 * Both are measured here on the same store, alternating, after one warm-up each; the ratio of medians is the figure.
 */
export default async function reportBench(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'report-bench-'));
  try {
    console.log(await seed(dir));
    const store = await openLowdbStore({ dataDir: dir });
    try {
      const clock = { now: () => new Date(END) };
      const reports = createReportService({ store, clock, timeZone: 'Europe/Berlin', report: { failureCost: 20_000, failureCostByModel: { major: 80_000 }, onTimeToleranceMs: 3_600_000 } });
      const whole = async () => renderReportHtml(await reports.fullReport({ days: 400 })).length;
      const withCsv = async () => (await reports.fullReport({ days: 400, withRows: true })).rows?.stepEvents.length ?? 0;
      await readAlone(store);
      await whole();
      const reads: number[] = [];
      const reportsMs: number[] = [];
      let htmlBytes = 0;
      let count = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const r = await time(() => readAlone(store));
        reads.push(r.ms);
        count = r.value;
        const w = await time(whole);
        reportsMs.push(w.ms);
        htmlBytes = w.value;
      }
      const csv = await time(withCsv);
      const read = median(reads);
      const report = median(reportsMs);
      console.log(`read ${count} releases (hot + archive) alone: median ${read.toFixed(0)} ms of ${ROUNDS}`);
      console.log(`whole report (read + compute + HTML, ${Math.round(htmlBytes / 1024)} KB): median ${report.toFixed(0)} ms of ${ROUNDS}`);
      console.log(`report / read = ${(report / read).toFixed(2)} (target <= 2) ${report / read <= 2 ? 'OK' : 'OVER TARGET'}`);
      console.log(`report with CSV rows (${csv.value} step events) / read = ${(csv.ms / read).toFixed(2)}`);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
