import type { ReportSummary } from '../../src/report/report-service.js';
import { renderReport } from './render/render-report.js';

type Formatter = (summary: ReportSummary) => string;

let shared: Formatter | null | undefined;

/**
 * Uses the report's own text formatter (issue 5) when it is there, so the console and the CLI print the same
 * report; until then a plain rendering of the summary.
 */
export async function renderReportText(summary: ReportSummary): Promise<string> {
  if (shared === undefined) {
    // A computed specifier: the formatter is optional, and its absence must not break the type check.
    const specifier = new URL('../../src/report/format-report-text.ts', import.meta.url).href;
    shared = await import(specifier)
      .then((m: Record<string, unknown>) => (typeof m.formatReportText === 'function' ? (m.formatReportText as Formatter) : null))
      .catch(() => null);
  }
  return shared ? shared(summary) : renderReport(summary);
}
