import { readConfig, systemClock, openReleasesForReading, silentLogger, createReportService, loadCatalog, type Clock } from '../../src/index.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseReportArgs, REPORT_USAGE, UsageError } from './report-args.js';
import { renderReportHtml } from './render-report-html.js';
import { writeCsvFiles, writeFileAtomically } from './write-report-files.js';

export interface ReportRun {
  html?: string;
  csv: string[];
  message: string;
}

/**
 * `npm run report`: reads the hot store and the archive, writes the HTML report (and CSV files on request).
 * It only reads releases; a missing data directory is an error rather than an empty report, since it usually
 * means DATA_DIR points at the wrong place.
 */
export async function runReport(argv: string[], env: Record<string, string | undefined>, cwd = process.cwd(), clock: Clock = systemClock): Promise<ReportRun> {
  const args = parseReportArgs(argv);
  if (args.help) return { csv: [], message: REPORT_USAGE };
  const config = readConfig(env, cwd);
  const exists = config.databaseUrl !== undefined || (await stat(config.dataDir).then((s) => s.isDirectory(), () => false));
  if (!exists) throw new UsageError(`The data directory ${config.dataDir} does not exist. Set DATA_DIR to the bot's data directory, or DATABASE_URL to its database`);
  // Only reads: on files it takes no lock and never writes, so the report runs beside live bots.
  const store = await openReleasesForReading({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), logger: silentLogger, clock });
  try {
    // The freeze windows say which deployments were inside or next to one; without readable models the report still runs.
    const catalog = await loadCatalog(config.modelsDir, { timeZone: config.timeZone }).catch((error: unknown) => error as Error);
    const freezeWindows = catalog instanceof Error ? [] : catalog.freezeWindows;
    const reports = createReportService({ store, clock, timeZone: config.timeZone, report: config.report, freezeWindows });
    const report = await reports.fullReport({
      ...(args.days === 'all' ? {} : { days: args.days }),
      ...(args.bucket ? { bucket: args.bucket } : {}),
      withRows: args.csv !== undefined,
    });
    const html = path.resolve(cwd, args.out);
    await writeFileAtomically(html, renderReportHtml(report));
    const csv = args.csv !== undefined && report.rows ? await writeCsvFiles(path.resolve(cwd, args.csv), report.rows) : [];
    const o = report.metrics.overall;
    const what = `${o.started} started, ${o.deployed} deployed, ${o.cancelled} cancelled ${report.scope}`;
    const note = catalog instanceof Error ? [`Freeze windows not read (${catalog.message.split('\n')[0]}): only recorded overrides count as inside a freeze.`] : [];
    return { html, csv, message: [`Wrote ${html} (${what}).`, ...csv.map((f) => `Wrote ${f}.`), ...note].join('\n') };
  } finally {
    await store.close();
  }
}
