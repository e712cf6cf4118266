import type { Origin } from '../../src/index.js';
import type { SlackDeps } from './slack-deps.js';
import { slackActor } from './slack-actor.js';
import { lookUpUser } from './look-up-user.js';

/** How Slack writes a mention in command text (the command escapes them): "<@U123|alice>" or "<@U123>". */
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** Where App Home clicks come from: it is no channel, and nothing is ever posted "there". */
const APP_HOME = 'app_home';

export interface SlackPlace {
  user: { id: string; name?: string | undefined; username?: string | undefined };
  channelId?: string | undefined;
  threadTs?: string | undefined;
  deliveryKey?: string;
}

/** Who acts from where, for the dispatcher; a person mentioned in the command is identified by their Slack id. */
export function slackOrigin(deps: SlackDeps, at: SlackPlace): Origin {
  return {
    actor: slackActor(at.user),
    place: { surface: 'slack', channelId: at.channelId ?? APP_HOME, ...(at.threadTs ? { threadId: at.threadTs } : {}) },
    ...(at.deliveryKey ? { deliveryKey: at.deliveryKey } : {}),
    async identify(typed) {
      const m = MENTION.exec(typed.trim());
      return m?.[1] ? lookUpUser(deps, m[1]) : undefined;
    },
  };
}
