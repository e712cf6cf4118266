import type { Origin } from '../../../src/index.js';
import type { SlackDeps } from '../slack-deps.js';
import type { BlockAction } from '../payloads/slack-payloads.js';
import type { Reply } from '../replies/tell-privately.js';
import { slackOrigin } from '../slack-origin.js';
import { slackActor } from '../slack-directory.js';

type Action = BlockAction['actions'][number];

/**
 * The delivery key of a click. Slack repeats the whole payload on a redelivery, so the message (or view), the
 * action's own timestamp and the person identify one click; two real clicks always differ in action_ts.
 */
export function clickKey(payload: BlockAction, action: Action): string {
  const where = payload.container.message_ts ?? payload.container.view_id ?? payload.view?.id ?? 'unknown';
  return `slack:${where}:${action.action_ts}:${payload.user.id}`;
}

/** Who clicked where (the name the payload carries: a click stays cheap), and how to answer them: privately, or on their App Home. */
export function clickOrigin(deps: SlackDeps, payload: BlockAction, action: Action): { origin: Origin; reply: Reply } {
  const home = payload.container.type === 'view' && payload.view?.type === 'home';
  const channelId = home ? undefined : (payload.container.channel_id ?? payload.channel?.id);
  // A click on the summary answers in its thread (the summary is the thread's root); a click in the thread, there.
  const threadTs = home ? undefined : (payload.container.thread_ts ?? payload.container.message_ts);
  const origin = slackOrigin(deps, { actor: slackActor(payload.user), workspaceId: payload.workspaceId, channelId, threadTs, deliveryKey: clickKey(payload, action) });
  const reply: Reply = {
    target: {
      userId: payload.user.id,
      ...(home ? { home: origin } : {}),
      ...(channelId ? { channelId } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
    },
    confirmChanges: false,
    ...(payload.trigger_id ? { triggerId: payload.trigger_id } : {}),
    ...(channelId ? { channelId } : {}),
    ...(threadTs ? { threadTs } : {}),
  };
  return { origin, reply };
}
