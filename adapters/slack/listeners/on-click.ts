import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { elapsedMs, type Intent, type Origin } from '../../../src/index.js';
import type { SlackDeps } from '../slack-deps.js';
import { blockActionSchema, type BlockAction } from '../payloads/slack-payloads.js';
import { answerOutcome } from '../replies/answer-outcome.js';
import { afterAck } from '../slice-queue.js';
import { clickOrigin } from './click-origin.js';

/** Reads what a click means from its payload; anything it cannot read fails the zod parse loudly. */
export type ClickIntent = (action: BlockAction['actions'][number], origin: Origin) => Intent;

/**
 * Every button and menu: acknowledged first, then read, dispatched and answered (a form opens a modal, a refusal comes
 * back privately, a change shows in the messages through the after-change listener). Click-to-ack is timed from
 * the moment Bolt hands the click to this listener (after it verified the signature) to the end of ack().
 */
export function onClick(deps: SlackDeps, intentOf: ClickIntent) {
  return async ({ ack, body }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const clicked = performance.now();
    await ack();
    deps.core.telemetry.clickAcked({ surface: 'slack', durationMs: elapsedMs(clicked) });
    await afterAck();
    const payload = blockActionSchema.parse(body);
    const action = payload.actions[0]!;
    const { origin, reply } = clickOrigin(deps, payload, action);
    const outcome = await deps.core.dispatcher.dispatch(intentOf(action, origin), origin);
    await answerOutcome(deps, outcome, reply);
  };
}
