import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { blockActionSchema } from '../../payloads/slack-payloads.js';
import { menuValueSchema } from '../../payloads/step-ref.js';
import { slackActor } from '../../slack-actor.js';
import { actOnStep } from '../../act-on-step.js';
import { reportFailure } from '../../report-failure.js';
import { renderAssignModal, renderSkipModal } from '../../render/step-modals.js';
import { ReleaseError } from '../../../../src/app/release-error.js';
import { clickKey, clickOrigin } from './click-origin.js';
import { afterAck } from '../../after-ack.js';

/** The ⋯ menu of a step: "Skip…" and "Assign…" open a small modal; "Assign to me" acts at once. */
export function stepMenu(deps: SlackDeps) {
  return async ({ ack, body }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const payload = blockActionSchema.parse(body);
    const action = payload.actions[0]!;
    const { choice, ref } = menuValueSchema.parse(action.selected_option?.value);
    const origin = clickOrigin(deps, payload);
    const actor = slackActor(payload.user);
    if (choice === 'assign_me') {
      await actOnStep(deps, { releaseId: ref.releaseId, step: ref.step, action: 'assign', actor, assignee: actor, dedupeKey: clickKey(payload, action) }, origin);
      return;
    }
    try {
      const view = deps.service.view(await deps.service.get(ref.releaseId));
      const step = view.phases.flatMap((p) => p.steps).find((s) => s.number === ref.step);
      if (!step) throw new ReleaseError('not_found', `${ref.releaseId} has no step ${ref.step}.`);
      if (!view.actionable) throw new ReleaseError('closed', `${ref.releaseId} is ${view.statusLabel.toLowerCase()}: its steps can no longer change.`);
      const metadata = JSON.stringify({ releaseId: ref.releaseId, step: ref.step, ...(origin.channelId ? { channelId: origin.channelId } : {}) });
      const modal = choice === 'skip' ? renderSkipModal(ref.releaseId, step, metadata) : renderAssignModal(ref.releaseId, step, metadata);
      await deps.client.views.open({ trigger_id: payload.trigger_id ?? '', view: modal });
    } catch (error) {
      await reportFailure(deps.client, deps.logger, error, origin, { releaseId: ref.releaseId, step: ref.step, choice });
    }
  };
}
