/**
 * Child process of test/bench/report-bench.ts, so timings run on a clean heap (not the one that built 10,000 releases).
 *   time-report-pipeline.ts DIR            alternates "read the archive alone" and "whole report" in this process; prints JSON
 *   time-report-pipeline.ts DIR --read     opens the store and reads everything once, like the report CLI minus the report
 */
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { createReportService } from '../../src/report/create-report-service.js';
import { renderReportHtml } from '../../adapters/report/render-report-html.js';

const [dir, mode] = process.argv.slice(2);
if (!dir) throw new Error('usage: time-report-pipeline.ts DATA_DIR [--read]');
const ROUNDS = 3;

async function readAlone(store: ReleaseStore): Promise<number> {
  let n = (await store.listActive()).length;
  for await (const release of store.readArchive()) n += release.id ? 1 : 0;
  return n;
}

const store = await openLowdbStore({ dataDir: dir });
try {
  if (mode === '--read') {
    process.stdout.write(`${JSON.stringify({ releases: await readAlone(store) })}\n`);
  } else {
    const reports = createReportService({
      store,
      clock: { now: () => new Date('2026-11-27T00:00:00Z') },
      timeZone: 'Europe/Berlin',
      report: { failureCost: 20_000, failureCostByModel: { major: 80_000 }, onTimeToleranceMs: 3_600_000 },
    });
    const whole = async () => renderReportHtml(await reports.fullReport({ days: 400 })).length;
    await readAlone(store);
    await whole();
    const read: number[] = [];
    const report: number[] = [];
    let releases = 0;
    let htmlBytes = 0;
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      releases = await readAlone(store);
      read.push(performance.now() - t);
      t = performance.now();
      htmlBytes = await whole();
      report.push(performance.now() - t);
    }
    process.stdout.write(`${JSON.stringify({ releases, htmlBytes, read, report })}\n`);
  }
} finally {
  await store.close();
}
