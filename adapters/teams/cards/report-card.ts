import { formatTime, type ReportSummary } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { facts, heading, plain, text } from './elements.js';

export function reportCard(report: ReportSummary, timeZone: string): AdaptiveCard {
  const to = formatTime(report.to, timeZone, 'short');
  const span = report.from ? `${formatTime(report.from, timeZone, 'short')} – ${to}` : `all time to ${to}`;
  const body: CardElement[] = [heading(`Release report (${report.periodLabel})`), text(`${span} · times in ${timeZone}`, { subtle: true, spacing: 'None' })];
  if (report.keyFigures.length) body.push(facts(report.keyFigures.map((f) => [f.label, f.value])));
  if (report.byModel.length) body.push(text('**By model**', { separator: true }), text(report.byModel.map((m) => `• ${plain(m.line, 300)}`).join('\n\n'), { spacing: 'None' }));
  if (report.insights.length) body.push(text('**Insights**', { separator: true }), text(report.insights.map((i) => `• ${plain(i, 300)}`).join('\n\n'), { spacing: 'None' }));
  return card(body);
}
