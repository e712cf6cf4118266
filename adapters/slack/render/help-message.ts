import type { types } from '@slack/bolt';
import { HELP_ENTRIES, HELP_INTRO } from '../../../src/app/help.js';
import type { SlackMessage } from './phase-message.js';
import { escapeText, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

/** Help entries are written for the console ("release Checkout v2", "done 3"); Slack types them after /release. */
function slashForm(example: string): string {
  const start = /^\/?release\b\s*/i.exec(example);
  const bare = example.slice(start ? start[0].length : 0).trim();
  if (start) return `/release${bare ? ` new ${bare}` : ''}`;
  // Slack needs a real @mention to know exactly who is meant.
  const slack = /^assign\b/i.test(bare) ? bare.replace(/(\s)([a-z][\w.-]*)$/i, '$1@$2') : bare;
  return `/release${slack ? ` ${slack}` : ''}`;
}

/** Everything `/release` can do, with an example each; `note` explains why help is shown (e.g. an unknown subcommand). */
export function renderHelpMessage(note?: string, topic?: string): SlackMessage {
  const wanted = topic?.toLowerCase().replace(/^\/?release\s*/, '');
  const picked = wanted ? HELP_ENTRIES.filter((e) => e.command.toLowerCase().includes(wanted)) : [];
  const entries = picked.length ? picked : HELP_ENTRIES;
  const lines = entries.map((e) => `*${escapeText(slashForm(e.command))}* — ${escapeText(e.description)}\n      e.g. \`${escapeText(slashForm(e.example))}\``);
  const blocks: types.KnownBlock[] = [];
  if (note) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`:information_source: ${escapeText(note)}`, LIMITS.sectionText) } });
  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'Release Bot: what you can do' } });
  if (!picked.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeText(HELP_INTRO) } });
  // Several sections, because one section holds at most 3000 characters.
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > 2900) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : truncate(line, 2900);
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Buttons do the same as the commands: on the release summary *Mark deployed*, *Reschedule…*, *Cancel…* and *Close…*; in the thread *Done*, *Undo*, and the ⋯ menu to skip or assign. Your open steps are on the bot’s *Home* tab.' }] });
  return { text: truncate(note ? `${note} Type /release help for the commands.` : 'Release Bot help', LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}
