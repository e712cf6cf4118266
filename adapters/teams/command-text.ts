import type { IncomingActivity } from './incoming-activity.js';

/** Whitespace, HTML wrappers ("<p>") and <at>mentions</at> before the first word of the command. */
const LEADING = /^(?:\s|&nbsp;|<(?!at\b)[^>]*>|<at\b[^>]*>.*?<\/at>)+/i;

/**
 * The command a message carries. People mentioned before the command word are whom the message addresses
 * ("@Megan @Release Bot status"), not part of it; a mention after it ("assign 3 @Megan") stays as the name,
 * which the core then resolves through the origin's `identify`.
 */
export function commandText(activity: IncomingActivity): string {
  let text = activity.text ?? '';
  for (const e of activity.entities ?? []) {
    if (e.type === 'mention' && 'mentioned' in e && e.mentioned.id === activity.recipient.id && e.text) text = text.split(e.text).join(' ');
  }
  if (activity.recipient.name) text = text.split(`<at>${activity.recipient.name}</at>`).join(' ');
  return text
    .replace(LEADING, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}
