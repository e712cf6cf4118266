import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { viewSubmissionSchema } from '../../payloads/slack-payloads.js';
import { parseMetadata, startMetadataSchema } from '../../payloads/metadata.js';
import { MODEL_ACTION, MODEL_BLOCK, REASON_ACTION, REASON_BLOCK } from '../../render/model-modal.js';
import { slackActor } from '../../slack-actor.js';
import { reportFailure } from '../../report-failure.js';
import { postRelease } from '../../post-release.js';
import { afterAck } from '../../after-ack.js';

/** Step 2 submitted: start the release (the view id makes a repeated submission start nothing new), then post it. */
export function modelSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const payload = viewSubmissionSchema.parse(body);
    const meta = parseMetadata(startMetadataSchema, payload.view.private_metadata);
    const values = payload.view.state.values;
    const modelId = values[MODEL_BLOCK]?.[MODEL_ACTION]?.selected_option?.value ?? meta.suggested;
    const reason = values[REASON_BLOCK]?.[REASON_ACTION]?.value?.trim() ?? '';
    if (modelId && modelId !== meta.suggested && !reason) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'Say why this release needs a different model than the suggested one.' } });
      return;
    }
    const answers = meta.answers ?? (meta.pendingId ? deps.pending.get(meta.pendingId) : undefined);
    if (!answers) {
      await ack({ response_action: 'errors', errors: { [MODEL_BLOCK]: 'These answers expired (the bot restarted). Close this and run /release again.' } });
      return;
    }
    await ack();
    await afterAck();
    const actor = slackActor(payload.user);
    try {
      const result = await deps.service.start({
        answers,
        actor,
        ...(modelId && modelId !== meta.suggested ? { override: { modelId, reason } } : {}),
        location: { surface: 'slack', channelId: meta.channelId, messageIds: {} },
        dedupeKey: `slack:view:${payload.view.id}`,
      });
      await postRelease(deps, result.release, meta.channelId, payload.user.id);
    } catch (error) {
      await reportFailure(deps.client, deps.logger, error, { userId: payload.user.id, channelId: meta.channelId }, { step: 'start', view: payload.view.id });
    }
  };
}
