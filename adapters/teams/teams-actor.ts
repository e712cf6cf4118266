import type { Actor } from '../../src/index.js';
import { mentionsOf, type IncomingActivity } from './incoming-activity.js';

/** "teams:<AAD object id>" when Teams sends it (stable across bot registrations), else the channel user id. */
export function actorFrom(activity: IncomingActivity): Actor {
  const from = activity.from;
  return { id: `teams:${from.aadObjectId ?? from.id}`, name: from.name?.trim() || 'Someone in Teams' };
}

/** A name as typed or mentioned, compared without markup, spacing or commas (the command text drops a mention's commas). */
const squash = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/,/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The person a typed name stands for, when the message @mentioned them: "assign 3 @Megan" arrives as the text
 * "Megan" plus a mention entity naming her by her Teams user id (the roster maps it to the id she acts with). The
 * bot's own mention is never a person to act for.
 */
export function mentionedPerson(activity: IncomingActivity, typed: string): { id: string; name: string } | undefined {
  const wanted = squash(typed.replace(/^@/, ''));
  const found = mentionsOf(activity).find(
    (m) => m.mentioned.id !== activity.recipient.id && (squash(m.text ?? '') === wanted || squash(m.mentioned.name ?? '') === wanted),
  );
  return found ? { id: found.mentioned.id, name: found.mentioned.name?.trim() || typed } : undefined;
}
