import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../../src/commands/parse-command.js';
import type { SlackDeps } from '../../slack-deps.js';
import { slashCommandSchema } from '../../payloads/slack-payloads.js';
import { reportFailure } from '../../report-failure.js';
import { renderHelpMessage } from '../../render/help-message.js';
import { renderQuestionModal } from '../../render/question-modal.js';
import { runInfoCommand } from './info-commands.js';
import { runChangeCommand } from './change-commands.js';
import { replyPrivately } from './reply.js';
import { afterAck } from '../../after-ack.js';

/** `/release [sub-command]`: the same grammar as the console and Teams. Nothing is ever answered with silence. */
export function releaseCommand(deps: SlackDeps) {
  return async ({ ack, body }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const cmd = slashCommandSchema.parse(body);
    try {
      const parsed = parseCommand(cmd.text);
      if (!parsed.ok) return await replyPrivately(deps, cmd, renderHelpMessage(parsed.message));
      const c = parsed.command;
      switch (c.kind) {
        case 'start':
          await deps.client.views.open({
            trigger_id: cmd.trigger_id,
            view: renderQuestionModal(deps.service.questions(), JSON.stringify({ channelId: cmd.channel_id }), c.title),
          });
          return;
        case 'as':
          return await replyPrivately(deps, cmd, { text: 'In Slack I already know who you are, so `as` is not needed.', blocks: [] });
        case 'list':
        case 'status':
        case 'models':
        case 'help':
        case 'report':
          return await runInfoCommand(deps, cmd, c);
        default:
          return await runChangeCommand(deps, cmd, c);
      }
    } catch (error) {
      await reportFailure(deps.client, deps.logger, error, { userId: cmd.user_id, channelId: cmd.channel_id, ...(cmd.response_url ? { responseUrl: cmd.response_url } : {}) }, { command: cmd.text });
    }
  };
}
