import type { types } from '@slack/bolt';
import { formatTime, type Actor } from '../../../src/index.js';
import { LIMITS } from './limits.js';

/**
 * The one escaping rule: Slack treats &, < and > as control characters in every text object (mrkdwn, plain text and
 * a message's `text`), so any text that is not ours goes through here before it is drawn: "<!channel>" stays words.
 */
export function escapeText(text: string): string {
  return unlinked(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/**
 * Slack turns a bare "https://…" or "www.…" into a link by itself. An invisible word joiner after the scheme's colon
 * or the "www" keeps typed addresses readable and copyable, but not clickable: the bot links only what it builds.
 */
function unlinked(text: string): string {
  return text.replace(/([a-z]):\/\//gi, '$1:\u2060//').replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\u2060.`);
}

/** A plain-text object, escaped and cut to `max`. */
export function plain(text: string, max: number = LIMITS.optionText): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(escapeText(text), max) };
}

/** Cuts to `max` characters with an ellipsis, never splitting a Slack token such as <@U1> or <!date…>. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.length - 6 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

const SLACK_USER = /^slack:([UW][A-Z0-9]+)$/;

/** "<@U123>" for Slack people, so Slack shows their current name and notifies them; the stored name otherwise. */
export function mention(actor: Actor): string {
  const m = SLACK_USER.exec(actor.id);
  return m ? `<@${m[1]}>` : escapeText(actor.name);
}

export function slackUserId(actor: Actor): string | undefined {
  return SLACK_USER.exec(actor.id)?.[1];
}

/**
 * Slack's localised date token: every reader sees the time in their own time zone. The fallback (notifications,
 * old clients) is the core's one written form, in the team's zone, so it reads as it does on every other surface.
 */
export function slackDate(iso: string, timeZone: string, format = '{date_short_pretty} {time}'): string {
  const unix = Math.floor(new Date(iso).getTime() / 1000);
  return `<!date^${unix}^${format}|${escapeText(formatTime(iso, timeZone, 'long'))}>`;
}
