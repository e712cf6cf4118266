import type { Origin } from '../../../src/index.js';
import type { SlackDeps } from '../slack-deps.js';
import type { SlackMessage } from '../render/phase-message.js';
import { publishHome } from '../publish-home.js';

/** Where a private answer goes: the response_url of the command or click, else an ephemeral in the channel, or App Home. */
export interface PrivateTarget {
  userId: string;
  channelId?: string;
  threadTs?: string;
  responseUrl?: string;
  /** App Home has no ephemeral messages: the answer is shown at the top of the person's Home (this origin's) instead. */
  home?: Origin;
}

/**
 * An ephemeral answer to one person. The response_url works in any conversation, even one the bot is not in;
 * chat.postEphemeral is the fallback. A failure to deliver is logged, never thrown: there is nobody left to tell.
 */
export async function tellPrivately(deps: SlackDeps, msg: SlackMessage, target: PrivateTarget): Promise<void> {
  const blocks = msg.blocks.length ? { blocks: msg.blocks } : {};
  try {
    if (target.home) return await publishHome(deps, target.home, msg.text);
    if (target.responseUrl) {
      const res = await fetch(target.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: msg.text, ...blocks }),
      });
      if (res.ok) return;
      deps.logger.warn('response_url refused the reply; falling back to chat.postEphemeral', { status: res.status });
    }
    if (target.channelId) {
      await deps.client.chat.postEphemeral({ channel: target.channelId, user: target.userId, text: msg.text, ...blocks, ...(target.threadTs ? { thread_ts: target.threadTs } : {}) });
    }
  } catch (error) {
    deps.logger.warn('Could not deliver an ephemeral message', { user: target.userId, error });
  }
}

/** Where and how an outcome is answered: the person's private channel back, and what the place it came from allows. */
export interface Reply {
  target: PrivateTarget;
  /** Commands confirm every change in words; buttons and forms let the updated messages speak, unless nothing changed. */
  confirmChanges: boolean;
  /** Opens a modal in answer (the questions, a form); absent where Slack gave no trigger. */
  triggerId?: string;
  /** The channel and thread acted from: kept in a form's metadata, and where a release never posted is posted. */
  channelId?: string;
  threadTs?: string;
}
