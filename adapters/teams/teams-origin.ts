import type { Origin } from '../../src/index.js';
import { refFromActivity, threadOf } from './conversation-ref.js';
import type { IncomingActivity } from './incoming-activity.js';
import { actorFrom, mentionedActor } from './teams-actor.js';

/**
 * Who acts and from where, for the core. `clicked` marks a card click: its message (replyToId) is the one the
 * reply redraws. The delivery key defaults to the activity id, which Teams repeats when it redelivers.
 */
export function originOf(activity: IncomingActivity, opts: { clicked?: boolean; deliveryKey?: string } = {}): Origin {
  const thread = threadOf(activity);
  const deliveryKey = opts.deliveryKey ?? activity.id;
  const messageId = opts.clicked ? activity.replyToId : undefined;
  return {
    actor: actorFrom(activity),
    place: { surface: 'teams', channelId: thread.channelId, ...(thread.threadId ? { threadId: thread.threadId } : {}), ref: refFromActivity(activity) },
    ...(deliveryKey ? { deliveryKey } : {}),
    ...(messageId ? { messageId } : {}),
    identify: async (typed) => mentionedActor(activity, typed),
  };
}
