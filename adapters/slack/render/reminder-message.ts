import type { types } from '@slack/bolt';
import type { ReminderMessage } from '../../../src/index.js';
import type { SlackMessage } from './phase-message.js';
import { escapeText, mention, slackDate, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

const TIMING_NOTE: Record<ReminderMessage['timing'], string | undefined> = {
  on_time: undefined,
  late: ':hourglass: (sent late after downtime)',
  overdue: ':hourglass: (overdue: already past due when it was planned, at the start or a reschedule)',
};

/** A reminder in the release's thread: who must act, what to do, and the draft or exit criteria that go with it. */
export function renderReminderMessage(m: ReminderMessage, timeZone: string): SlackMessage {
  const who = m.mentions.length ? m.mentions.map(mention).join(' ') : '';
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`:alarm_clock: *${escapeText(m.title)}*${who ? `\n${who}` : ''}\n${escapeText(m.text)}`, LIMITS.sectionText) } },
  ];
  if (m.draft) {
    // A code block keeps line breaks and is easy to copy; its text is escaped like any other, so it can ping nobody.
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Draft announcement* (copy, adjust, send):\n\`\`\`${truncate(escapeText(m.draft), 2900)}\`\`\`` } });
  }
  if (m.exitCriteria?.length) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Exit criteria*\n${m.exitCriteria.map((c) => `• ${escapeText(c)}`).join('\n')}`, LIMITS.sectionText) } });
  }
  const note = TIMING_NOTE[m.timing];
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`${m.releaseId} · due ${slackDate(m.dueAt, timeZone)}${note ? ` · ${note}` : ''}`, 1000) }] });
  return { text: truncate(`${who ? `${who} ` : ''}${escapeText(m.title)}${note ? ` ${note}` : ''}`, LIMITS.fallbackText), blocks };
}
