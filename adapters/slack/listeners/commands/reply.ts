import type { SlackDeps } from '../../slack-deps.js';
import type { SlashCommand } from '../../payloads/slack-payloads.js';
import type { SlackMessage } from '../../render/phase-message.js';

/**
 * An ephemeral answer to a slash command through its response_url, which works in any conversation, even one
 * the bot is not in; chat.postEphemeral is the fallback.
 */
export async function replyPrivately(deps: SlackDeps, cmd: SlashCommand, msg: SlackMessage): Promise<void> {
  if (cmd.response_url) {
    const res = await fetch(cmd.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: msg.text, ...(msg.blocks.length ? { blocks: msg.blocks } : {}) }),
    });
    if (res.ok) return;
    deps.logger.warn('response_url refused the reply; falling back to chat.postEphemeral', { status: res.status });
  }
  await deps.client.chat.postEphemeral({ channel: cmd.channel_id, user: cmd.user_id, text: msg.text, ...(msg.blocks.length ? { blocks: msg.blocks } : {}) });
}
