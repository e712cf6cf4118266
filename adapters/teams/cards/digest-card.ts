import { formatTime, type Digest, type DigestStep, type Outcome } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { heading, plain, text } from './elements.js';

const WHY: Record<DigestStep['why'], string> = { assigned: 'assigned to you', role: 'your role', unstaffed: 'nobody holds its role: yours as release manager' };
/** Keeps the card well inside Teams' size limit however many releases a person has. */
const MAX_RELEASES = 15;

function counts(d: Digest): string {
  return [d.overdue ? `${d.overdue} overdue` : '', d.dueSoon ? `${d.dueSoon} due within a day` : ''].filter(Boolean).join(', ');
}

/** A person's digest as a card for their personal chat: each release, then its steps, overdue first. */
export function digestCard(digest: Digest, timeZone: string, footer?: string): AdaptiveCard {
  const body: CardElement[] = [heading(`Your release steps: ${counts(digest)}`)];
  for (const r of digest.releases.slice(0, MAX_RELEASES)) {
    const when = r.deployedAt ? `deployed ${formatTime(r.deployedAt, timeZone, 'short')}` : `deploys ${formatTime(r.plannedAt, timeZone, 'short')}`;
    body.push(text(`**${plain(r.releaseId, 20)} ${plain(r.title, 150)}** · ${when}`, { separator: true }));
    const lines = r.steps.map((s) => {
      const due = s.dueAt ? ` — ${s.overdue ? '⚠ overdue since' : 'due'} ${formatTime(s.dueAt, timeZone, 'short')}` : '';
      return `- ${s.number}. ${plain(s.title, 200)}${due} · ${WHY[s.why]}`;
    });
    if (r.moreOpen) lines.push(`- and ${r.moreOpen} more open step${r.moreOpen === 1 ? '' : 's'}, not due yet`);
    body.push(text(lines.join('\n'), { spacing: 'Small' }));
  }
  if (digest.releases.length > MAX_RELEASES) body.push(text(`…and ${digest.releases.length - MAX_RELEASES} more releases: type **list**.`, { subtle: true }));
  if (footer) body.push(text(footer, { subtle: true, size: 'Small', separator: true }));
  return card(body);
}

/** The answer to "digest [on|off]". */
export function digestReply(o: Extract<Outcome, { kind: 'digest' }>, timeZone: string): { card: AdaptiveCard } | { text: string } {
  if (o.message) return { text: o.message };
  const state = o.off ? 'Daily digest: off (**digest on** starts it).' : o.at ? `Daily digest: on, at ${o.at} (**digest off** stops it).` : 'Daily digest: not sent by this bot.';
  if (!o.digest) return { text: `Nothing of yours is overdue or due within a day. ${state.replace(/\*\*/g, '"')}` };
  return { card: digestCard(o.digest, timeZone, state) };
}
