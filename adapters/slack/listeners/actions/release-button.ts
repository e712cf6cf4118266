import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { ReleaseError } from '../../../../src/app/release-error.js';
import type { ReleaseAction } from '../../../../src/view/checklist-view.js';
import type { SlackDeps } from '../../slack-deps.js';
import { blockActionSchema } from '../../payloads/slack-payloads.js';
import type { ReleaseMetadata } from '../../payloads/metadata.js';
import { slackActor } from '../../slack-actor.js';
import { announceChange } from '../../announce-change.js';
import { reportFailure, tellPrivately } from '../../report-failure.js';
import { RELEASE_ACTION } from '../../render/release-actions.js';
import { renderCancelModal, renderCloseModal, renderRescheduleModal } from '../../render/release-modals.js';
import { clickKey, clickOrigin } from './click-origin.js';
import { afterAck } from '../../after-ack.js';

const releaseIdSchema = z.string().regex(/^R-\d+$/, 'is not a release id such as "R-42"');
const BY_ACTION_ID = new Map(Object.entries(RELEASE_ACTION).map(([action, id]) => [id, action as ReleaseAction]));

/**
 * The summary's buttons. "Mark deployed" acts at once (Slack already asked for confirmation); the others open a modal,
 * whose submission does the change. A button on an outdated message gets a private note instead of a modal.
 */
export function releaseButton(deps: SlackDeps) {
  return async ({ ack, body }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const payload = blockActionSchema.parse(body);
    const clicked = payload.actions[0]!;
    const action = BY_ACTION_ID.get(clicked.action_id);
    const releaseId = releaseIdSchema.parse(clicked.value);
    if (!action) throw new Error(`${clicked.action_id} is not a release action`);
    const origin = clickOrigin(deps, payload);
    const actor = slackActor(payload.user);
    try {
      if (action === 'deploy') {
        const result = await deps.service.markDeployed({ releaseId, actor, dedupeKey: clickKey(payload, clicked) });
        await announceChange(deps, actor, result);
        // Already deployed by someone else (or the deployment step was ticked): say so rather than nothing.
        if (!result.changed) await tellPrivately(deps.client, deps.logger, result.message, origin);
        return;
      }
      const release = await deps.service.get(releaseId);
      const view = deps.service.view(release);
      if (!view.releaseActions.includes(action))
        throw new ReleaseError('conflict', `${releaseId} is ${view.statusLabel.toLowerCase()}: it cannot be ${action === 'close' ? 'closed' : action === 'cancel' ? 'cancelled' : 'rescheduled'} now.`);
      const meta: ReleaseMetadata = {
        releaseId,
        ...(origin.channelId ? { channelId: origin.channelId } : {}),
        ...(release.location.threadId ? { threadTs: release.location.threadId } : {}),
        ...(action === 'close' && view.status === 'els' ? { els: true } : {}),
      };
      const metadata = JSON.stringify(meta);
      const modal =
        action === 'reschedule' ? renderRescheduleModal(view, deps.timeZone, metadata)
        : action === 'cancel' ? renderCancelModal(view, deps.timeZone, metadata)
        : renderCloseModal(view, deps.timeZone, metadata, meta.els === true);
      await deps.client.views.open({ trigger_id: payload.trigger_id ?? '', view: modal });
    } catch (error) {
      await reportFailure(deps.client, deps.logger, error, origin, { releaseId, action });
    }
  };
}
