import type { Actor } from '../../src/domain/actor.js';
import type { IncomingActivity } from './incoming-activity.js';

/** "teams:<AAD object id>" when Teams sends it (stable across bot registrations), else the channel user id. */
export function actorFrom(activity: IncomingActivity): Actor {
  const from = activity.from;
  return { id: `teams:${from.aadObjectId ?? from.id}`, name: from.name?.trim() || 'Someone in Teams' };
}

/** The text without the bot's own <at>mention</at> and Teams' HTML leftovers. */
export function commandText(activity: IncomingActivity): string {
  const botName = activity.recipient.name;
  let text = activity.text ?? '';
  for (const e of activity.entities ?? []) {
    if (e.type === 'mention' && 'mentioned' in e && e.mentioned.id === activity.recipient.id && e.text) text = text.split(e.text).join(' ');
  }
  if (botName) text = text.split(`<at>${botName}</at>`).join(' ');
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}
