import type { types } from '@slack/bolt';
import type { Digest, DigestStep, Outcome } from '../../../src/index.js';
import type { SlackMessage } from './phase-message.js';
import { escapeText, slackDate, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

const WHY: Record<DigestStep['why'], string> = { assigned: 'assigned to you', role: 'your role', unstaffed: 'nobody holds its role: yours as release manager' };
/** Slack allows 50 blocks; a digest stops well before, with a count of what it left out. */
const MAX_RELEASES = 20;

function counts(d: Digest): string {
  return [d.overdue ? `${d.overdue} overdue` : '', d.dueSoon ? `${d.dueSoon} due within a day` : ''].filter(Boolean).join(', ');
}

/** A person's digest as a DM: one section per release, overdue steps first. */
export function renderDigestMessage(digest: Digest, timeZone: string, footer?: string): SlackMessage {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(`Your release steps: ${counts(digest)}`, 150) } }];
  for (const r of digest.releases.slice(0, MAX_RELEASES)) {
    const when = r.deployedAt ? `deployed ${slackDate(r.deployedAt, timeZone)}` : `deploys ${slackDate(r.plannedAt, timeZone)}`;
    const steps = r.steps.map((s) => {
      const due = s.dueAt ? ` — ${s.overdue ? ':warning: overdue since' : 'due'} ${slackDate(s.dueAt, timeZone)}` : '';
      return `• ${s.number}. ${escapeText(s.title)}${due} · _${WHY[s.why]}_`;
    });
    if (r.moreOpen) steps.push(`_and ${r.moreOpen} more open step${r.moreOpen === 1 ? '' : 's'}, not due yet_`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeText(r.releaseId)} ${escapeText(r.title)}* · ${when}\n${steps.join('\n')}`, LIMITS.sectionText) } });
  }
  if (digest.releases.length > MAX_RELEASES) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${digest.releases.length - MAX_RELEASES} more releases: type \`/release list\`.` }] });
  if (footer) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer }] });
  return { text: truncate(`Your release steps: ${counts(digest)}`, LIMITS.fallbackText), blocks };
}

/** The answer to "/release digest [on|off]". */
export function renderDigestOutcome(o: Extract<Outcome, { kind: 'digest' }>, timeZone: string): SlackMessage {
  if (o.message) return { text: `:white_check_mark: ${escapeText(o.message)}`, blocks: [] };
  const state = o.off ? 'Daily digest: off (`/release digest on` starts it).' : o.at ? `Daily digest: on, at ${escapeText(o.at)} (\`/release digest off\` stops it).` : 'Daily digest: not sent by this bot.';
  if (!o.digest) return { text: `Nothing of yours is overdue or due within a day. ${state}`, blocks: [] };
  return renderDigestMessage(o.digest, timeZone, state);
}
