import type { Clock } from '../domain/clock.js';
import type { Config } from '../config/config.js';
import type { Release } from '../domain/release-schema.js';
import type { ReleaseStore } from '../storage/release-store.js';
import { periodDays, type ReportPeriod, type ReportSummary } from './report-service.js';
import type { FullReport, FullReportOptions, FullReportService } from './full-report.js';
import { releaseFacts, type ReleaseFacts } from './release-facts.js';
import { computeMetricsFromFacts } from './compute-metrics.js';
import { buildInsights } from './build-insights.js';
import { releaseRow, stepEventRows, type CsvRow } from './csv-rows.js';
import { summarize } from './summarize.js';
import { ZoneOffsets } from './zone-offsets.js';
import { FreezeCalendar } from './freeze-calendar.js';
import type { FreezeWindow } from '../domain/freeze-windows.js';

export interface ReportDeps {
  store: ReleaseStore;
  clock: Clock;
  timeZone: string;
  report: Config['report'];
  /** The catalog's freeze windows; without them a deployment counts as in a freeze only by a recorded override. */
  freezeWindows?: readonly FreezeWindow[];
}

const DAY_MS = 86_400_000;
/** The report lists at most this many failed releases, and as many overridden ones. */
const LISTED = 50;

interface Entry {
  facts: ReleaseFacts;
  release?: Release;
}

export function createReportService(deps: ReportDeps): FullReportService {
  const zone = new ZoneOffsets(deps.timeZone);
  const freezeWindows = deps.freezeWindows ?? [];
  const freezes = new FreezeCalendar(freezeWindows, deps.timeZone);
  /** Hot store and archive in one pass; a release caught mid-move is in both, and the higher rev wins. */
  async function readAll(keepReleases: boolean, where?: (r: Release) => boolean): Promise<Map<string, Entry>> {
    const byId = new Map<string, Entry>();
    const add = (release: Release) => {
      if (where && !where(release)) return;
      const known = byId.get(release.id);
      if (known && known.facts.rev > release.rev) return;
      const entry: Entry = { facts: releaseFacts(release, zone, freezes) };
      if (keepReleases) entry.release = release;
      byId.set(release.id, entry);
    };
    for (const r of await deps.store.listActive()) add(r);
    for await (const r of deps.store.readArchive()) add(r);
    return byId;
  }

  async function fullReport(options: FullReportOptions): Promise<FullReport> {
    const now = deps.clock.now().getTime();
    const from = options.days === undefined ? undefined : now - options.days * DAY_MS;
    const entries = await readAll(options.withRows === true, options.where);
    const facts = [...entries.values()].map((e) => e.facts);
    const firstStart = facts.reduce((min, f) => Math.min(min, f.createdAt), now);
    const spanDays = ((from ?? firstStart) > now ? 0 : now - (from ?? firstStart)) / DAY_MS;
    const bucket = options.bucket ?? (spanDays <= 120 ? 'week' : 'month');
    const metrics = computeMetricsFromFacts(facts, { from, to: now, timeZone: deps.timeZone, bucket, report: deps.report, freezeWindows });
    const scope = options.days === undefined ? 'so far' : `in the last ${options.days} days`;
    const inWindow = (t: number | undefined) => t !== undefined && (from === undefined || t >= from) && t <= now;
    const newestDeployed = (keep: (f: ReleaseFacts) => boolean) =>
      facts
        .filter((f) => keep(f) && inWindow(f.deployedAt))
        .sort((a, b) => (b.deployedAt ?? 0) - (a.deployedAt ?? 0))
        .slice(0, LISTED);
    const report: FullReport = {
      generatedAt: new Date(now).toISOString(),
      timeZone: deps.timeZone,
      scope,
      metrics,
      insights: buildInsights(metrics, scope).map((i) => i.text),
      failures: newestDeployed((f) => f.failed === true),
      overridden: newestDeployed((f) => f.overrides !== undefined),
    };
    if (options.days !== undefined) report.days = options.days;
    if (options.withRows) {
      const releases: CsvRow[] = [];
      const stepEvents: CsvRow[] = [];
      for (const { facts: f, release } of entries.values()) {
        const active = [f.createdAt, f.deployedAt, f.cancelledAt, f.rejectedAt, f.approvedAt].some(inWindow);
        if (!release || !active) continue;
        releases.push(releaseRow(f));
        stepEvents.push(...stepEventRows(release, zone));
      }
      report.rows = { releases, stepEvents };
    }
    return report;
  }

  return {
    fullReport,
    async summary(period: ReportPeriod, where?: (release: Release) => boolean): Promise<ReportSummary> {
      const days = periodDays(period);
      const report = await fullReport({ ...(days === undefined ? {} : { days }), ...(where ? { where } : {}) });
      return summarize(report, period, deps.report);
    },
  };
}
