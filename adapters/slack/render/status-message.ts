import type { types } from '@slack/bolt';
import type { ChecklistView } from '../../../src/index.js';
import type { SlackMessage } from './phase-message.js';
import { renderSummaryMessage } from './summary-message.js';
import { escapeText, truncate } from './mrkdwn.js';
import { stepText } from './step-blocks.js';
import { LIMITS } from './limits.js';

/** A release at a glance: the summary, progress per phase, and the open steps. */
export function renderStatusMessage(view: ChecklistView, timeZone: string): SlackMessage {
  const summary = renderSummaryMessage(view, timeZone);
  const phases = view.phases.filter((p) => p.total > 0).map((p) => `${p.done === p.total ? ':white_check_mark:' : ':white_square:'} ${escapeText(p.label)} ${p.done}/${p.total}`);
  const open = view.phases.flatMap((p) => p.steps).filter((s) => s.state === 'open');
  const blocks: types.KnownBlock[] = [...summary.blocks, { type: 'section', text: { type: 'mrkdwn', text: truncate(phases.join('\n') || 'No steps.', LIMITS.sectionText) } }];
  let budget = 8000;
  const lines: string[] = [];
  for (const s of open) {
    const line = stepText(s, timeZone);
    if (budget - line.length < 0 || lines.length >= 20) break;
    budget -= line.length;
    lines.push(line);
  }
  for (let i = 0; i < lines.length; i += 5)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate((i === 0 ? '*Open steps*\n' : '') + lines.slice(i, i + 5).join('\n'), LIMITS.sectionText) } });
  if (open.length > lines.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${open.length - lines.length} more open steps in the thread.` }] });
  return { text: summary.text, blocks };
}
