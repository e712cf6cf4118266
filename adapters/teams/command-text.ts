import type { IncomingActivity } from './incoming-activity.js';

/** Whitespace, HTML wrappers ("<p>") and <at>mentions</at> before the first word of the command. */
const LEADING = /^(?:\s|&nbsp;|<(?!at\b)[^>]*>|<at\b[^>]*>.*?<\/at>)+/i;

/** A person mentioned after the command word; marked while the rest of the markup is taken out. */
const MENTION = /<at\b[^>]*>(.*?)<\/at>/gi;
const OPEN = '\u0001';
const CLOSE = '\u0002';

/**
 * The command a message carries. People mentioned before the command word are whom the message addresses
 * ("@Megan @Release Bot status"), not part of it; a mention after it ("assign 3 @Megan") stays as the name,
 * which the core then resolves through the origin's `identify`. The core splits people at commas, so mentions in a
 * row ("roles add ops @Carol Ops @Dave") are separated by one, and a comma inside a display name ("Bowen, Megan")
 * is dropped: it would cut that person in two.
 */
export function commandText(activity: IncomingActivity): string {
  let text = (activity.text ?? '').replace(/[\u0001\u0002]/g, '');
  for (const e of activity.entities ?? []) {
    if (e.type === 'mention' && 'mentioned' in e && e.mentioned.id === activity.recipient.id && e.text) text = text.split(e.text).join(' ');
  }
  if (activity.recipient.name) text = text.split(`<at>${activity.recipient.name}</at>`).join(' ');
  return text
    .replace(LEADING, '')
    .replace(MENTION, (_, name: string) => `${OPEN}${name.replace(/,/g, ' ')}${CLOSE}`)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`${CLOSE} ?${OPEN}`, 'g'), ', ')
    .replace(/[\u0001\u0002]/g, '')
    .trim();
}
