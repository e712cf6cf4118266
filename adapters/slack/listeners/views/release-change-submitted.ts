import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { viewSubmissionSchema } from '../../payloads/slack-payloads.js';
import { parseMetadata, releaseMetadataSchema } from '../../payloads/metadata.js';
import { readCancel, readClose, readReschedule } from '../../payloads/release-forms.js';
import { FIELD } from '../../render/release-modals.js';
import { slackActor } from '../../slack-actor.js';
import { submitReleaseChange } from './submit-release-change.js';

type Args = SlackViewMiddlewareArgs & AllMiddlewareArgs;

function read(body: Args['body']) {
  const payload = viewSubmissionSchema.parse(body);
  const meta = parseMetadata(releaseMetadataSchema, payload.view.private_metadata);
  return {
    payload, meta,
    values: payload.view.state.values,
    actor: slackActor(payload.user),
    // The view id is the same for a repeated delivery of one submission: the natural delivery key.
    dedupeKey: `slack:view:${payload.view.id}`,
  };
}

export function rescheduleSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: Args): Promise<void> => {
    const { payload, meta, values, actor, dedupeKey } = read(body);
    const form = readReschedule(values);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    await submitReleaseChange({
      deps, ack, meta, actor, userId: payload.user.id, errorField: FIELD.when, fields: { plannedAt: FIELD.when, when: FIELD.when },
      run: () => deps.service.reschedule({ releaseId: meta.releaseId, plannedAt: form.input.plannedAt, actor, dedupeKey }),
    });
  };
}

export function cancelSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: Args): Promise<void> => {
    const { payload, meta, values, actor, dedupeKey } = read(body);
    const form = readCancel(values);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    await submitReleaseChange({
      deps, ack, meta, actor, userId: payload.user.id, errorField: FIELD.cancelReason,
      run: () => deps.service.cancel({ releaseId: meta.releaseId, actor, ...form.input, dedupeKey }),
    });
  };
}

export function closeSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: Args): Promise<void> => {
    const { payload, meta, values, actor, dedupeKey } = read(body);
    const form = readClose(values, meta.els === true);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    await submitReleaseChange({
      deps, ack, meta, actor, userId: payload.user.id, errorField: FIELD.outcome,
      fields: { outcome: FIELD.outcome, incidents: FIELD.incidents },
      run: () => deps.service.close({ releaseId: meta.releaseId, actor, ...form.input, dedupeKey }),
    });
  };
}
