import type { types } from '@slack/bolt';
import type { ChecklistView, ReleaseModel } from '../../../src/index.js';
import type { SlackMessage } from './phase-message.js';
import { escapeText, mention, slackDate, truncate } from './mrkdwn.js';
import { fitBlocks } from './fit-blocks.js';

/** One line per release; `link` (the thread's permalink) makes it one click to the checklist. */
export function releaseLine(v: ChecklistView, timeZone: string, link?: string): string {
  const open = link ? ` · <${link}|open thread>` : '';
  return `*${v.releaseId}* ${escapeText(v.title)} — ${escapeText(v.modelName)} · ${escapeText(v.statusLabel)} · ${v.progress.label} · deploy ${slackDate(v.plannedAt, timeZone)} · RM ${mention(v.releaseManager)}${open}`;
}

/** Active releases, one line each; the list stops at 40 with a count of the rest. */
export function renderListMessage(views: ChecklistView[], timeZone: string, links: Record<string, string> = {}): SlackMessage {
  if (!views.length) return { text: 'No active releases.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'No active releases. Start one with `/release new <title>`.' } }] };
  const head: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: `Active releases (${views.length})` } }];
  const items: types.KnownBlock[] = views.map((v) => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(releaseLine(v, timeZone, links[v.releaseId]), 700) } }));
  return { text: `${views.length} active releases`, blocks: fitBlocks(head, items, (n) => `…and ${n} more.`) };
}

export function renderModelsMessage(models: ReadonlyArray<ReleaseModel & { appliesWhen?: string }>): SlackMessage {
  const head: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Release models' } }];
  const items: types.KnownBlock[] = models.map((m) => {
    const els = m.els ? ` · early life support ${m.els.window}` : '';
    return { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeText(m.name)}* (\`${m.id}\`) — ${m.risk} risk · ${m.steps.length} steps · ${m.reminders.length} reminders${els}\n${m.appliesWhen ? `_Applies ${escapeText(m.appliesWhen)}._\n` : ''}${escapeText(m.description)}`, 1200) } };
  });
  return { text: `${models.length} release models`, blocks: fitBlocks(head, items, (n) => `…and ${n} more models.`) };
}
