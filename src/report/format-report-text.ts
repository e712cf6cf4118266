import type { ReportSummary } from './report-service.js';

/** The summary as compact plain text for the console. */
export function formatReportText(summary: ReportSummary): string {
  const lines = [`Release report (${summary.periodLabel})`];
  const width = Math.max(...summary.keyFigures.map((k) => k.label.length), 0);
  for (const k of summary.keyFigures) lines.push(`  ${k.label.padEnd(width)}  ${k.value}`);
  if (summary.byModel.length) {
    lines.push('By model:');
    for (const m of summary.byModel) lines.push(`  ${m.line}`);
  }
  if (summary.insights.length) {
    lines.push('Insights:');
    for (const i of summary.insights) lines.push(`  - ${i}`);
  }
  return lines.join('\n');
}
