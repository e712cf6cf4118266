import type { AllMiddlewareArgs, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { SlackDeps } from '../slack-deps.js';
import { blockActionSchema, viewSubmissionSchema } from '../payloads/slack-payloads.js';
import { parseMetadata } from '../payloads/metadata.js';
import { ROLES_FIELD, ROLES_INPUT, renderRolesModal } from '../render/roles-modal.js';
import { afterAck } from '../slice-queue.js';
import { submitIntent } from './views/submit-intent.js';

const channelSchema = z.string().regex(/^[CGD][A-Z0-9]+$/, 'is not a Slack channel id');

/** "Change roles…" on the roles listing: the picker opens at once; the core decides on submit who may change them. */
export function rolesEditClicked(deps: SlackDeps) {
  return async ({ ack, body }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const payload = blockActionSchema.parse(body);
    const channelId = channelSchema.parse(payload.actions[0]!.value);
    if (!payload.trigger_id) throw new Error('no trigger_id to open the roles modal with');
    await deps.client.views.open({ trigger_id: payload.trigger_id, view: renderRolesModal(channelId) });
  };
}

/** The roles modal submitted: one add or remove for the people picked, answered with the listing as typed commands are. */
export function rolesSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const payload = viewSubmissionSchema.parse(body);
    const { channelId } = parseMetadata(z.object({ channelId: channelSchema }), payload.view.private_metadata);
    const values = payload.view.state.values;
    const field = (block: string) => values[block]?.[ROLES_INPUT];
    const op = field(ROLES_FIELD.op)?.selected_option?.value === 'remove' ? 'remove' : 'add';
    const role = field(ROLES_FIELD.role)?.selected_option?.value ?? '';
    const users = field(ROLES_FIELD.people)?.selected_users ?? [];
    await submitIntent({
      deps, ack, payload,
      where: { channelId },
      intent: async () => ({ kind: 'roles', change: { op, role, people: await Promise.all(users.map(async (u) => ({ actor: await deps.directory.person(u) }))) } }),
      fields: { role: ROLES_FIELD.role, person: ROLES_FIELD.people },
      fallback: ROLES_FIELD.people,
    });
  };
}
