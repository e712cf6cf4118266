import type { types } from '@slack/bolt';
import type { ChecklistView, Release } from '../../../src/index.js';
import { stepBlocks } from './step-blocks.js';
import { releaseLine } from './list-message.js';
import { escapeText, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export interface HomeInput {
  mine: Array<{ release: Release; view: ChecklistView; stepNumbers: number[] }>;
  active: ChecklistView[];
  /** Thread permalinks by release id. */
  links?: Record<string, string>;
  /** A notice at the top in mrkdwn, escaped by the caller: why the last click was refused (Home has no ephemeral messages). */
  notice?: string;
}

/** Room kept for the active-releases list and the notices. */
const RESERVED = 20;

/** App Home: my open steps across releases, with the same buttons as the thread, then the active releases. */
export function renderHomeView(input: HomeInput, timeZone: string): types.HomeView {
  const blocks: types.KnownBlock[] = [];
  if (input.notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(input.notice, LIMITS.sectionText) } });
  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'My open steps' } });
  const total = input.mine.reduce((n, m) => n + m.stepNumbers.length, 0);
  let shown = 0;
  for (const { view, stepNumbers } of input.mine) {
    if (blocks.length + 3 > LIMITS.blocksPerView - RESERVED) break;
    const link = input.links?.[view.releaseId];
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`*${view.releaseId}* ${escapeText(view.title)} · ${escapeText(view.statusLabel)}${link ? ` · <${link}|open thread>` : ''}`, 500) }] });
    for (const n of stepNumbers) {
      const step = view.phases.flatMap((p) => p.steps).find((s) => s.number === n);
      if (!step) continue;
      const rendered = stepBlocks(view, step, timeZone, 'home');
      if (blocks.length + rendered.length > LIMITS.blocksPerView - RESERVED) break;
      blocks.push(...rendered);
      shown++;
    }
  }
  if (total === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'Nothing waiting for you. :tada:' } });
  else if (shown < total) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Showing ${shown} of your ${total} open steps; the rest are in the release threads.` }] });
  blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: `Active releases (${input.active.length})` } });
  const room = LIMITS.blocksPerView - blocks.length - 1;
  for (const v of input.active.slice(0, room)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(releaseLine(v, timeZone, input.links?.[v.releaseId]), 700) } });
  if (!input.active.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No active releases. Start one with `/release` in any channel.' } });
  else if (input.active.length > room) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${input.active.length - room} more: \`/release list\`.` }] });
  return { type: 'home', blocks };
}
