import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { viewSubmissionSchema } from '../../payloads/slack-payloads.js';
import { parseMetadata, startMetadataSchema } from '../../payloads/metadata.js';
import { FREEZE_BLOCK, MODEL_ACTION, MODEL_BLOCK, REASON_ACTION, REASON_BLOCK } from '../../render/model-modal.js';
import { submitIntent } from './submit-intent.js';

/**
 * Step 2 submitted: start the release with the model picked (the core decides whether that is an override and
 * whether its reason will do). The view id makes a repeated submission start nothing new; the after-change listener
 * posts the release.
 */
export function modelSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const payload = viewSubmissionSchema.parse(body);
    const meta = parseMetadata(startMetadataSchema, payload.view.private_metadata);
    const values = payload.view.state.values;
    const answers = meta.answers ?? (meta.pendingId ? deps.pending.get(meta.pendingId) : undefined);
    if (!answers) {
      await ack({ response_action: 'errors', errors: { [MODEL_BLOCK]: 'These answers expired (the bot restarted). Close this and run /release again.' } });
      return;
    }
    const modelId = values[MODEL_BLOCK]?.[MODEL_ACTION]?.selected_option?.value;
    const reason = values[REASON_BLOCK]?.[REASON_ACTION]?.value ?? undefined;
    // Present only when the planned time fell in a freeze window; the core decides whether the reason will do.
    const frozen = FREEZE_BLOCK in values ? { freezeOverride: { reason: values[FREEZE_BLOCK]?.[REASON_ACTION]?.value ?? '' } } : {};
    await submitIntent({
      deps, ack, payload,
      where: { channelId: meta.channelId },
      intent: () => ({ kind: 'create', answers, ...(modelId ? { override: { modelId, reason } } : {}), ...frozen }),
      fields: { model: MODEL_BLOCK, reason: REASON_BLOCK, freeze: FREEZE_BLOCK },
      fallback: MODEL_BLOCK,
    });
  };
}
