import type { Release } from '../domain/release-schema.js';
import type { ReportService } from './report-service.js';
import type { ReportMetrics } from './compute-metrics.js';
import type { ReleaseFacts } from './release-facts.js';
import type { CsvRow } from './csv-rows.js';
import type { BucketSize } from './period-buckets.js';

export interface FullReportOptions {
  /** The last N days; omit for all time. */
  days?: number;
  /** Defaults to weeks for up to 120 days, months beyond. */
  bucket?: BucketSize;
  /** Also return CSV rows (releases and step events); costs memory, so only the CSV export asks. */
  withRows?: boolean;
  /** Only these releases (a chat workspace's own); all of them when omitted. */
  where?: (release: Release) => boolean;
}

export interface FullReport {
  generatedAt: string;
  timeZone: string;
  days?: number;
  /** "in the last 90 days" / "so far": the period in a sentence. */
  scope: string;
  metrics: ReportMetrics;
  insights: string[];
  /** Failed deployments in the period, newest first, at most 50: the report lists them by name. */
  failures: ReleaseFacts[];
  /** Deployments in the period that carry an override (of gates, required steps or a freeze), newest first, at most 50. */
  overridden: ReleaseFacts[];
  rows?: { releases: CsvRow[]; stepEvents: CsvRow[] };
}

/** The chat summary plus everything the HTML report and the CSV export need. */
export interface FullReportService extends ReportService {
  fullReport(options: FullReportOptions): Promise<FullReport>;
}
