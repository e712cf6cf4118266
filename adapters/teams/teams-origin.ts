import type { Origin } from '../../src/index.js';
import { refFromActivity, threadOf } from './conversation-ref.js';
import type { IncomingActivity } from './incoming-activity.js';
import { actorFrom, mentionedPerson } from './teams-actor.js';
import type { TeamsRoster } from './teams-roster.js';

/**
 * Who acts and from where, for the core. The tenant is the workspace: a release answers to its own tenant only,
 * wherever its card is forwarded. `clicked` marks a card click: its message (replyToId) is the one the reply redraws.
 * The delivery key defaults to the activity id, which Teams repeats when it redelivers.
 */
export function originOf(activity: IncomingActivity, roster: TeamsRoster, opts: { clicked?: boolean; deliveryKey?: string } = {}): Origin {
  const thread = threadOf(activity);
  const ref = refFromActivity(activity);
  const deliveryKey = opts.deliveryKey ?? activity.id;
  const messageId = opts.clicked ? activity.replyToId : undefined;
  return {
    actor: actorFrom(activity),
    place: { surface: 'teams', ...(ref.tenantId ? { workspaceId: ref.tenantId } : {}), channelId: thread.channelId, ...(thread.threadId ? { threadId: thread.threadId } : {}), ref },
    ...(deliveryKey ? { deliveryKey } : {}),
    ...(messageId ? { messageId } : {}),
    identify: async (typed) => {
      const mentioned = mentionedPerson(activity, typed);
      return mentioned && roster.identify(mentioned, ref, thread.channelId);
    },
    canSee: (location) => roster.canSee(activity.from, location),
  };
}
