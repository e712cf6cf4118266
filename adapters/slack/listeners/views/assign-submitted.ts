import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { viewSubmissionSchema } from '../../payloads/slack-payloads.js';
import { parseMetadata, stepMetadataSchema } from '../../payloads/metadata.js';
import { ASSIGN_BLOCK, INPUT_ACTION } from '../../render/step-modals.js';
import { slackActor } from '../../slack-actor.js';
import { actOnStep } from '../../act-on-step.js';
import { publishHome } from '../../publish-home.js';
import { lookUpUser } from '../../look-up-user.js';
import { afterAck } from '../../after-ack.js';

export function assignSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const payload = viewSubmissionSchema.parse(body);
    const meta = parseMetadata(stepMetadataSchema, payload.view.private_metadata);
    const userId = payload.view.state.values[ASSIGN_BLOCK]?.[INPUT_ACTION]?.selected_user;
    if (!userId) {
      await ack({ response_action: 'errors', errors: { [ASSIGN_BLOCK]: 'Pick the person who does this step.' } });
      return;
    }
    await ack();
    await afterAck();
    const assignee = await lookUpUser(deps, userId);
    await actOnStep(
      deps,
      { releaseId: meta.releaseId, step: meta.step, action: 'assign', assignee, actor: slackActor(payload.user), dedupeKey: `slack:view:${payload.view.id}` },
      {
        userId: payload.user.id,
        fromHome: !meta.channelId,
        ...(meta.channelId ? { channelId: meta.channelId } : { showInHome: (text: string) => publishHome(deps, payload.user.id, text) }),
      },
    );
  };
}
