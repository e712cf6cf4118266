import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { blockActionSchema } from '../../payloads/slack-payloads.js';
import { stepRefSchema } from '../../payloads/step-ref.js';
import { slackActor } from '../../slack-actor.js';
import { actOnStep } from '../../act-on-step.js';
import { ACTION } from '../../render/step-blocks.js';
import { clickKey, clickOrigin } from './click-origin.js';
import { afterAck } from '../../after-ack.js';

/** Done and Undo buttons, in the thread and on App Home alike. */
export function stepButton(deps: SlackDeps) {
  return async ({ ack, body }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const payload = blockActionSchema.parse(body);
    const action = payload.actions[0]!;
    const ref = stepRefSchema.parse(action.value);
    await actOnStep(
      deps,
      {
        releaseId: ref.releaseId,
        step: ref.step,
        action: action.action_id.startsWith(ACTION.undo) ? 'undo' : 'complete',
        actor: slackActor(payload.user),
        dedupeKey: clickKey(payload, action),
      },
      clickOrigin(deps, payload),
    );
  };
}
