import type { Actor, Origin } from '../../src/index.js';
import type { SlackDeps } from './slack-deps.js';
import { slackUserId } from './render/mrkdwn.js';

/** How Slack writes a mention in command text (the command escapes them): "<@U123|alice>" or "<@U123>". */
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** Where App Home clicks come from: it is no channel, and nothing is ever posted "there". */
const APP_HOME = 'app_home';

export interface SlackPlace {
  actor: Actor;
  workspaceId: string;
  channelId?: string | undefined;
  threadTs?: string | undefined;
  deliveryKey?: string;
}

/**
 * Who acts from where, for the dispatcher. A person mentioned in a command is identified by their Slack id; from
 * outside a release's channel (App Home, a DM) the person reaches it only while Slack lists them in that channel.
 */
export function slackOrigin(deps: SlackDeps, at: SlackPlace): Origin {
  const userId = slackUserId(at.actor) ?? '';
  return {
    actor: at.actor,
    place: { surface: 'slack', workspaceId: at.workspaceId, channelId: at.channelId ?? APP_HOME, ...(at.threadTs ? { threadId: at.threadTs } : {}) },
    ...(at.deliveryKey ? { deliveryKey: at.deliveryKey } : {}),
    async identify(typed) {
      const m = MENTION.exec(typed.trim());
      return m?.[1] ? deps.directory.person(m[1]) : undefined;
    },
    canSee: (location) => deps.directory.inChannel(location.channelId, userId),
  };
}
