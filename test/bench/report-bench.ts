import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { prng, realisticRelease } from '../report/realistic-releases.js';
import { seedStore } from '../report/seed-store.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const RELEASES = 10_000;
const ROUNDS = 3;
const END = Date.parse('2026-11-27T00:00:00Z');

async function seed(dir: string): Promise<string> {
  const start = performance.now();
  const rand = prng(5);
  const releases = Array.from({ length: RELEASES }, (_, i) => realisticRelease(i + 1, RELEASES, END, rand));
  await seedStore(dir, releases);
  const audit = releases.reduce((n, r) => n + r.audit.length, 0);
  return `seeded ${RELEASES} releases (20 steps, ${(audit / RELEASES).toFixed(1)} audit entries each) through the store in ${((performance.now() - start) / 1000).toFixed(1)} s`;
}

async function timedProcess(args: string[], dataDir: string): Promise<{ ms: number; stdout: string }> {
  const start = performance.now();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, TZ: 'Europe/Berlin' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { ms: performance.now() - start, stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const verdict = (ratio: number) => `${ratio.toFixed(2)} (target <= 2) ${ratio <= 2 ? 'OK' : 'OVER TARGET'}`;

/**
 * Issue 5: at 10,000 archived releases `npm run report` may take at most twice as long as reading the same archive alone.
 * Two figures, both from this run: the pipeline in one clean process (read alone vs read + compute + HTML, alternating,
 * after a warm-up), and whole processes (the real report CLI vs a process that opens the store and reads it all).
 */
export default async function reportBench(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'report-bench-'));
  try {
    console.log(await seed(dir));
    const inProcess = await timedProcess(['test/report/time-report-pipeline.ts', dir], dir);
    const figures = JSON.parse(inProcess.stdout) as { releases: number; htmlBytes: number; read: number[]; report: number[] };
    const read = median(figures.read);
    const report = median(figures.report);
    console.log(`in one process: read ${figures.releases} releases alone ${read.toFixed(0)} ms, whole report (${Math.round(figures.htmlBytes / 1024)} KB HTML) ${report.toFixed(0)} ms (medians of ${ROUNDS})`);
    console.log(`  report / read = ${verdict(report / read)}`);
    const readProcs: number[] = [];
    const reportProcs: number[] = [];
    const out = path.join(dir, 'report.html');
    for (let i = 0; i < ROUNDS; i++) {
      readProcs.push((await timedProcess(['test/report/time-report-pipeline.ts', dir, '--read'], dir)).ms);
      reportProcs.push((await timedProcess(['adapters/report/report-cli.ts', '--days', '400', '--out', out], dir)).ms);
    }
    const readProc = median(readProcs);
    const reportProc = median(reportProcs);
    console.log(`whole processes: read-only ${readProc.toFixed(0)} ms, npm run report ${reportProc.toFixed(0)} ms (medians of ${ROUNDS})`);
    console.log(`  report / read = ${verdict(reportProc / readProc)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
