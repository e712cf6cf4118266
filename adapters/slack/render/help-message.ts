import type { types } from '@slack/bolt';
import type { CommandSpec } from '../../../src/index.js';
import type { SlackMessage } from './phase-message.js';
import { escapeText, plain, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

/** What help draws: the core's entries for this surface, its introduction, and why help is shown instead (`note`). */
export interface HelpContent {
  entries: readonly CommandSpec[];
  intro: string;
  topic?: string;
  note?: string;
}

/** The command table is written as typed in the console ("release Checkout v2", "done 3"); Slack types it after /release. */
function slashForm(example: string): string {
  const start = /^\/?release\b\s*/i.exec(example);
  const bare = example.slice(start ? start[0].length : 0).trim();
  if (start) return `/release${bare ? ` new ${bare}` : ''}`;
  // Slack needs a real @mention to know exactly who is meant.
  const slack = /^assign\b/i.test(bare) ? bare.replace(/(\s)([a-z][\w.-]*)$/i, '$1@$2') : bare;
  return `/release${slack ? ` ${slack}` : ''}`;
}

/** The commands with an example each; the introduction only when all of them are shown. */
export function renderHelpMessage(help: HelpContent): SlackMessage {
  const { note } = help;
  const lines = help.entries.map((e) => `*${escapeText(slashForm(e.usage))}* — ${escapeText(e.description)}\n      e.g. \`${escapeText(slashForm(e.example))}\``);
  const blocks: types.KnownBlock[] = [];
  if (note) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`:information_source: ${escapeText(note)}`, LIMITS.sectionText) } });
  blocks.push({ type: 'header', text: plain('Release Bot: what you can do', LIMITS.headerText) });
  if (!help.topic) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeText(help.intro) } });
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
  return { text: truncate(note ? `${escapeText(note)} Type /release help for the commands.` : 'Release Bot help', LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}
