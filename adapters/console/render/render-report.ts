import type { ReportSummary } from '../../../src/report/report-service.js';

/** A plain rendering of the value report, used when no shared text formatter exists. */
export function renderReport(summary: ReportSummary): string {
  const span = summary.from ? `${summary.from.slice(0, 10)} to ${summary.to.slice(0, 10)}` : `all time to ${summary.to.slice(0, 10)}`;
  const lines = [`Release report (${summary.period}, ${span})`];
  const width = Math.max(0, ...summary.keyFigures.map((f) => f.label.length));
  for (const f of summary.keyFigures) lines.push(`  ${f.label.padEnd(width)}  ${f.value}`);
  if (summary.byModel.length) {
    lines.push('', '  By model:');
    for (const m of summary.byModel) lines.push(`    ${m.line}`);
  }
  if (summary.insights.length) {
    lines.push('', '  Insights:');
    for (const i of summary.insights) lines.push(`    • ${i}`);
  }
  return lines.join('\n');
}
