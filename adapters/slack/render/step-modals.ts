import type { types } from '@slack/bolt';
import { TEXT_LIMITS, type StepView } from '../../../src/index.js';
import { escapeText, plain, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export const SKIP_CALLBACK = 'step_skip';
export const ASSIGN_CALLBACK = 'step_assign';
export const SKIP_BLOCK = 'skip_reason';
export const ASSIGN_BLOCK = 'assignee';
export const INPUT_ACTION = 'value';

function stepLine(releaseId: string, step: StepView): types.KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${releaseId}* step *${step.number}*: ${escapeText(step.title)}`, LIMITS.sectionText) } };
}

/** Skipping asks why the step does not apply, in a small modal. */
export function renderSkipModal(releaseId: string, step: StepView, metadata: string): types.ModalView {
  return {
    type: 'modal', callback_id: SKIP_CALLBACK, private_metadata: metadata,
    title: plain(`Skip step ${step.number}`, LIMITS.modalTitle), submit: plain('Skip step', LIMITS.modalButton), close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      stepLine(releaseId, step),
      { type: 'input', block_id: SKIP_BLOCK, label: plain('Why does this step not apply?', LIMITS.inputLabel),
        element: { type: 'plain_text_input', action_id: INPUT_ACTION, multiline: true, max_length: TEXT_LIMITS.reason } },
    ],
  };
}

export function renderAssignModal(releaseId: string, step: StepView, metadata: string): types.ModalView {
  return {
    type: 'modal', callback_id: ASSIGN_CALLBACK, private_metadata: metadata,
    title: plain(`Assign step ${step.number}`, LIMITS.modalTitle), submit: plain('Assign', LIMITS.modalButton), close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      stepLine(releaseId, step),
      { type: 'input', block_id: ASSIGN_BLOCK, label: plain('Who does it?', LIMITS.inputLabel),
        element: { type: 'users_select', action_id: INPUT_ACTION, ...(step.assignee?.id.startsWith('slack:') ? { initial_user: step.assignee.id.slice(6) } : {}) } },
    ],
  };
}
