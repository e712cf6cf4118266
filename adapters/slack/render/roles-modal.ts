import type { types } from '@slack/bolt';
import { TEAM_ROLE_LABELS, TEAM_ROLES } from '../../../src/index.js';
import { escapeText, plain, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export const ROLES_EDIT_ACTION = 'roles_edit';
export const ROLES_CALLBACK = 'roles_change';
export const ROLES_FIELD = { op: 'roles_op', role: 'roles_role', people: 'roles_people' } as const;
export const ROLES_INPUT = 'value';

/** The roles listing, with a button that opens the people picker for this channel. */
export function rolesNoticeBlocks(text: string, channelId: string | undefined): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } }];
  if (channelId) blocks.push({ type: 'actions', block_id: 'roles', elements: [{ type: 'button', action_id: ROLES_EDIT_ACTION, text: plain('Change roles…'), value: channelId }] });
  return blocks;
}

/** Add or remove people from one role in one go, picked natively, so nobody types a name wrong. */
export function renderRolesModal(channelId: string): types.ModalView {
  const option = (value: string, label: string): types.PlainTextOption => ({ text: plain(label), value });
  const add = option('add', 'Add them to the role');
  return {
    type: 'modal',
    callback_id: ROLES_CALLBACK,
    private_metadata: JSON.stringify({ channelId }),
    title: plain('Roles here', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Roles in <#${escapeText(channelId)}>. Once someone holds Release manager here, only release managers may change them.` }] },
      {
        type: 'input', block_id: ROLES_FIELD.role, label: plain('Role', LIMITS.inputLabel),
        element: { type: 'static_select', action_id: ROLES_INPUT, options: TEAM_ROLES.map((r) => option(r, TEAM_ROLE_LABELS[r])) },
      },
      {
        type: 'input', block_id: ROLES_FIELD.op, label: plain('Change', LIMITS.inputLabel),
        element: { type: 'radio_buttons', action_id: ROLES_INPUT, initial_option: add, options: [add, option('remove', 'Remove them from the role')] },
      },
      { type: 'input', block_id: ROLES_FIELD.people, label: plain('People', LIMITS.inputLabel), element: { type: 'multi_users_select', action_id: ROLES_INPUT, max_selected_items: 20 } },
    ],
  };
}
