import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { viewSubmissionSchema } from '../../payloads/slack-payloads.js';
import { parseMetadata, stepMetadataSchema } from '../../payloads/metadata.js';
import { INPUT_ACTION, SKIP_BLOCK } from '../../render/step-modals.js';
import { slackActor } from '../../slack-actor.js';
import { actOnStep } from '../../act-on-step.js';
import { publishHome } from '../../publish-home.js';
import { afterAck } from '../../after-ack.js';

export function skipSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const payload = viewSubmissionSchema.parse(body);
    const meta = parseMetadata(stepMetadataSchema, payload.view.private_metadata);
    const reason = payload.view.state.values[SKIP_BLOCK]?.[INPUT_ACTION]?.value?.trim() ?? '';
    if (!reason) {
      await ack({ response_action: 'errors', errors: { [SKIP_BLOCK]: 'Say why the step does not apply.' } });
      return;
    }
    await ack();
    await afterAck();
    await actOnStep(
      deps,
      { releaseId: meta.releaseId, step: meta.step, action: 'skip', reason, actor: slackActor(payload.user), dedupeKey: `slack:view:${payload.view.id}` },
      {
        userId: payload.user.id,
        fromHome: !meta.channelId,
        ...(meta.channelId ? { channelId: meta.channelId } : { showInHome: (text: string) => publishHome(deps, payload.user.id, text) }),
      },
    );
  };
}
