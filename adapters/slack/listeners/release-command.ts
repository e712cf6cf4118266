import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { slashCommandSchema } from '../payloads/slack-payloads.js';
import { commandText } from '../payloads/command-text.js';
import { slackOrigin } from '../slack-origin.js';
import { answerOutcome } from '../replies/answer-outcome.js';
import { afterAck } from '../slice-queue.js';

/**
 * `/release [sub-command]`: the text goes to the core as typed, with the same grammar as the console and Teams; the
 * outcome comes back privately, or as a modal. Nothing is ever answered with silence. The person is named as Slack
 * shows them (users.info, cached), not by the deprecated user_name.
 */
export function releaseCommand(deps: SlackDeps) {
  return async ({ ack, body }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const cmd = slashCommandSchema.parse(body);
    const origin = slackOrigin(deps, {
      actor: await deps.directory.person(cmd.user_id, cmd.user_name),
      workspaceId: cmd.workspaceId,
      channelId: cmd.channel_id,
      // A slash command's trigger_id is unique per invocation: the natural delivery key.
      deliveryKey: `slack:cmd:${cmd.trigger_id}`,
    });
    const outcome = await deps.core.dispatcher.dispatchText(commandText(cmd.text), origin);
    await answerOutcome(deps, outcome, {
      target: { userId: cmd.user_id, channelId: cmd.channel_id, ...(cmd.response_url ? { responseUrl: cmd.response_url } : {}) },
      confirmChanges: true,
      triggerId: cmd.trigger_id,
      channelId: cmd.channel_id,
    });
  };
}
