import type { Command } from '../../../../src/commands/command.js';
import { isTerminal } from '../../../../src/domain/release-schema.js';
import type { SlackDeps } from '../../slack-deps.js';
import type { SlashCommand } from '../../payloads/slack-payloads.js';
import { renderHelpMessage } from '../../render/help-message.js';
import { renderListMessage, renderModelsMessage } from '../../render/list-message.js';
import { renderReportMessage } from '../../render/report-message.js';
import { renderStatusMessage } from '../../render/status-message.js';
import { postRelease } from '../../post-release.js';
import { SUMMARY_KEY } from '../../release-publisher.js';
import { replyPrivately } from './reply.js';
import { threadLinks } from '../../thread-links.js';
import { releaseInChannel } from './release-in-channel.js';

type InfoCommand = Extract<Command, { kind: 'list' | 'status' | 'models' | 'help' | 'report' }>;

export async function runInfoCommand(deps: SlackDeps, cmd: SlashCommand, c: InfoCommand): Promise<void> {
  const tz = deps.timeZone;
  switch (c.kind) {
    case 'help':
      return replyPrivately(deps, cmd, renderHelpMessage(undefined, c.topic));
    case 'models':
      return replyPrivately(deps, cmd, renderModelsMessage(deps.service.models()));
    case 'report':
      return replyPrivately(deps, cmd, renderReportMessage(await deps.reports.summary(c.period)));
    case 'list': {
      const active = await deps.service.listActive();
      return replyPrivately(deps, cmd, renderListMessage(active.map((r) => deps.service.view(r)), tz, threadLinks(deps.workspaceUrl, active)));
    }
    case 'status': {
      const release = await releaseInChannel(deps, cmd.channel_id, c.releaseId, 'status');
      // A release whose thread could not be posted (bot not invited yet) is posted here now.
      if (release.location.surface === 'slack' && !release.location.messageIds[SUMMARY_KEY] && !isTerminal(release.status))
        await postRelease(deps, release, cmd.channel_id, cmd.user_id);
      return replyPrivately(deps, cmd, renderStatusMessage(deps.service.view(release), tz));
    }
  }
}
