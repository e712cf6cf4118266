import { formatTime, type Actor, type ReminderMessage } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement, type TeamsMention } from './card-types.js';
import { paragraphs, plain, text, warning } from './elements.js';

const TEAMS_PREFIX = 'teams:';

/**
 * Teams can only @mention people it knows: actors whose id came from Teams ("teams:<aad object id or 29:…>").
 * Others (a console or Slack user named as release manager) are written by name. The only <at> tags the bot draws
 * are these, each with its entity; the name inside keeps letters, digits and . ' - only, so it carries no markup.
 */
export function mentionFor(actor: Actor): { text: string; entity?: TeamsMention } {
  if (!actor.id.startsWith(TEAMS_PREFIX)) return { text: plain(actor.name, 60) };
  const name = actor.name.replace(/[^\p{L}\p{M}\p{N} .'’-]/gu, '').trim().slice(0, 60) || 'someone';
  const tag = `<at>${name}</at>`;
  return { text: tag, entity: { type: 'mention', text: tag, mentioned: { id: actor.id.slice(TEAMS_PREFIX.length), name } } };
}

const TIMING_NOTE: Record<ReminderMessage['timing'], string | undefined> = {
  on_time: undefined,
  late: 'Sent late: I was offline when this came due.',
  overdue: 'Already past due when it was planned (at the start or a reschedule): catch up on it now.',
};

export function reminderCard(message: ReminderMessage, timeZone: string): AdaptiveCard {
  const mentions = message.mentions.map(mentionFor);
  const body: CardElement[] = [text(`🔔 ${plain(message.title, 200)}`, { size: 'Medium', weight: 'Bolder' })];
  const note = TIMING_NOTE[message.timing];
  if (note) body.push(warning(`${note} (due ${formatTime(message.dueAt, timeZone, 'long')})`, { spacing: 'None' }));
  if (mentions.length) body.push(text(`For ${mentions.map((m) => m.text).join(', ')}`, { spacing: 'Small' }));
  body.push(text(paragraphs(message.text, 1000)));
  if (message.exitCriteria?.length) {
    body.push(text('**Exit criteria**', { separator: true }));
    body.push(text(message.exitCriteria.map((c) => `• ${plain(c, 300)}`).join('\n\n'), { spacing: 'None' }));
  }
  if (message.draft) {
    body.push(text('**Draft announcement** (copy, adjust, send)', { separator: true }));
    body.push({ type: 'Container', style: 'emphasis', items: [text(paragraphs(message.draft, 2000))] });
  }
  return card(body, [], mentions.flatMap((m) => (m.entity ? [m.entity] : [])));
}
