import type { types } from '@slack/bolt';
import type { ChecklistView } from '../../../src/index.js';
import type { ChecklistChunk } from './checklist-chunks.js';
import { stepBlocks } from './step-blocks.js';
import { escapeText, plain, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export interface SlackMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: types.KnownBlock[];
}

/** One thread message: a phase (or part of a long phase) with its steps and their buttons. */
export function renderPhaseMessage(view: ChecklistView, chunk: ChecklistChunk, timeZone: string): SlackMessage {
  const part = chunk.parts > 1 ? ` (part ${chunk.part} of ${chunk.parts})` : '';
  const heading = `${chunk.phase.label}${part} · ${chunk.phase.done}/${chunk.phase.total}`;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(heading, LIMITS.headerText) },
    ...chunk.steps.flatMap((s) => stepBlocks(view, s, timeZone)),
    // No status here: it lives in the summary, so a status change does not have to touch every thread message.
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`${view.releaseId} · ${escapeText(view.title)}`, 300) }] },
  ];
  return { text: truncate(`${view.releaseId} ${escapeText(heading)}`, LIMITS.fallbackText), blocks };
}
