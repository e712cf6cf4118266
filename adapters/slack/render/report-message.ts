import type { types } from '@slack/bolt';
import type { ReportSummary } from '../../../src/index.js';
import type { SlackMessage } from './phase-message.js';
import { escapeText, plain, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';
import { fitBlocks } from './fit-blocks.js';

export function renderReportMessage(r: ReportSummary): SlackMessage {
  const head: types.KnownBlock[] = [{ type: 'header', text: plain(`Release report: ${r.periodLabel}`, LIMITS.headerText) }];
  const items: types.KnownBlock[] = [];
  // A section holds at most ten fields, shown in two columns.
  for (let i = 0; i < r.keyFigures.length; i += 10) {
    items.push({ type: 'section', fields: r.keyFigures.slice(i, i + 10).map((f) => ({ type: 'mrkdwn' as const, text: truncate(`*${escapeText(f.label)}*\n${escapeText(f.value)}`, 300) })) });
  }
  if (r.byModel.length) items.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*By model*\n${r.byModel.map((m) => `• ${escapeText(m.line)}`).join('\n')}`, LIMITS.sectionText) } });
  if (r.insights.length) items.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*What stands out*\n${r.insights.map((s) => `• ${escapeText(s)}`).join('\n')}`, LIMITS.sectionText) } });
  if (!r.keyFigures.length && !r.byModel.length) items.push({ type: 'section', text: { type: 'mrkdwn', text: 'No releases in this period yet.' } });
  const blocks = fitBlocks(head, items, (n) => `…${n} more sections in the full report.`);
  const range = `${r.from ? r.from.slice(0, 10) : 'the beginning'} to ${r.to.slice(0, 10)}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `From ${range}. Run \`npm run report\` for the full report.` }] });
  return { text: `Release report (${escapeText(r.periodLabel)})`, blocks };
}
