import type { types } from '@slack/bolt';
import type { ReportSummary } from '../../../src/report/report-service.js';
import type { SlackMessage } from './phase-message.js';
import { escapeText, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

const PERIOD: Record<ReportSummary['period'], string> = { '30d': 'last 30 days', '90d': 'last 90 days', all: 'all time' };

export function renderReportMessage(r: ReportSummary): SlackMessage {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: `Release report: ${PERIOD[r.period]}` } }];
  // Fields come in pairs of two columns; a section holds at most ten.
  for (let i = 0; i < r.keyFigures.length && blocks.length < 10; i += 10) {
    blocks.push({ type: 'section', fields: r.keyFigures.slice(i, i + 10).map((f) => ({ type: 'mrkdwn' as const, text: truncate(`*${escapeText(f.label)}*\n${escapeText(f.value)}`, 1900) })) });
  }
  if (r.byModel.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*By model*\n${r.byModel.map((m) => `• ${escapeText(m.line)}`).join('\n')}`, LIMITS.sectionText) } });
  if (r.insights.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*What stands out*\n${r.insights.map((s) => `• ${escapeText(s)}`).join('\n')}`, LIMITS.sectionText) } });
  if (!r.keyFigures.length && !r.byModel.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No releases in this period yet.' } });
  const range = `${r.from ? r.from.slice(0, 10) : 'the beginning'} to ${r.to.slice(0, 10)}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `From ${range}. Run \`npm run report\` for the full report.` }] });
  return { text: `Release report (${PERIOD[r.period]})`, blocks };
}
