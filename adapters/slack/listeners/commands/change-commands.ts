import type { Command } from '../../../../src/commands/command.js';
import type { ActionResult } from '../../../../src/app/release-service.js';
import { ReleaseError } from '../../../../src/app/release-error.js';
import type { SlackDeps } from '../../slack-deps.js';
import type { SlashCommand } from '../../payloads/slack-payloads.js';
import { slackActor } from '../../slack-actor.js';
import { actOnStep } from '../../act-on-step.js';
import { announceChange } from '../../announce-change.js';
import { lookUpUser } from '../../look-up-user.js';
import { replyPrivately } from './reply.js';
import { releaseInChannel } from './release-in-channel.js';

type ChangeCommand = Extract<Command, { kind: 'cancel' | 'close' | 'deploy' | 'reschedule' | 'step' }>;

const SLACK_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** Release-level changes also get a visible line in the thread, so the channel sees who did what. */
async function announce(deps: SlackDeps, cmd: SlashCommand, result: ActionResult): Promise<void> {
  await announceChange(deps, slackActor({ id: cmd.user_id, name: cmd.user_name }), result);
  await replyPrivately(deps, cmd, { text: result.message, blocks: [] });
}

export async function runChangeCommand(deps: SlackDeps, cmd: SlashCommand, c: ChangeCommand): Promise<void> {
  const actor = slackActor({ id: cmd.user_id, ...(cmd.user_name ? { name: cmd.user_name } : {}) });
  // A slash command's trigger_id is unique per invocation: the natural delivery key.
  const dedupeKey = `slack:cmd:${cmd.trigger_id}`;
  switch (c.kind) {
    case 'cancel':
      return announce(deps, cmd, await deps.service.cancel({ releaseId: c.releaseId, actor, ...(c.reason ? { reason: c.reason } : {}), dedupeKey }));
    case 'close':
      return announce(deps, cmd, await deps.service.close({ releaseId: c.releaseId, actor, outcome: c.outcome, incidents: c.incidents, ...(c.els ? { els: c.els } : {}), dedupeKey }));
    case 'deploy': {
      const release = await releaseInChannel(deps, cmd.channel_id, c.releaseId, 'deploy');
      return announce(deps, cmd, await deps.service.markDeployed({ releaseId: release.id, actor, dedupeKey }));
    }
    case 'reschedule':
      return announce(deps, cmd, await deps.service.reschedule({ releaseId: c.releaseId, plannedAt: c.when, actor, dedupeKey }));
    case 'step': {
      const release = await releaseInChannel(deps, cmd.channel_id, c.releaseId, c.action === 'complete' ? 'done' : c.action);
      let assignee;
      if (c.action === 'assign') {
        const m = SLACK_MENTION.exec(c.assignee ?? '');
        if (!m?.[1]) throw new ReleaseError('invalid', `Mention the person with @ (e.g. \`/release assign ${c.step} ${release.id} @alice\`) so I know exactly who it is.`, 'assignee');
        assignee = await lookUpUser(deps, m[1]);
      }
      return actOnStep(
        deps,
        { releaseId: release.id, step: c.step, action: c.action, actor, ...(c.reason ? { reason: c.reason } : {}), ...(assignee ? { assignee } : {}), dedupeKey },
        { userId: cmd.user_id, channelId: cmd.channel_id, fromHome: false, confirm: true, ...(cmd.response_url ? { responseUrl: cmd.response_url } : {}) },
      );
    }
  }
}
