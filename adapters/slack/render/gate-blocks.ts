import type { types } from '@slack/bolt';
import { TEXT_LIMITS, type ChecklistView, type GateView } from '../../../src/index.js';
import { escapeText, plain, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export const GATE_ACTION = { approve: 'gate_approve', reject: 'gate_reject' } as const;
export const REJECT_CALLBACK = 'gate_reject';
export const REJECT_BLOCK = 'reject_reason';

/** "R-42|approval": gate ids are lower-case letters, digits, "-" and "_", so the bar cannot appear in either part. */
export function gateValue(releaseId: string, gateId: string): string {
  return `${releaseId}|${gateId}`;
}

function approveConfirm(view: ChecklistView, gate: GateView): types.ConfirmationDialog {
  return {
    title: plain('Approve?'),
    text: { type: 'mrkdwn', text: truncate(`Records your approval of *${escapeText(gate.title)}* for *${view.releaseId}* ${escapeText(view.title)}, with your name and the time.`, 300) },
    confirm: plain('Approve'),
    deny: plain('Not yet'),
    style: 'primary',
  };
}

/** One row per gate still to decide: Approve (confirmed first) and Reject… (asks why). None once deployed. */
export function gateActionBlocks(view: ChecklistView): types.ActionsBlock[] {
  if (!view.actionable) return [];
  return view.gates
    .filter((g) => g.actions.length > 0)
    .map((g) => ({
      type: 'actions',
      block_id: `gate:${view.releaseId}:${g.id}`,
      elements: g.actions.map((a): types.Button =>
        a === 'approve'
          ? { type: 'button', action_id: GATE_ACTION.approve, text: plain(truncate(`Approve “${g.title}”`, 75)), value: gateValue(view.releaseId, g.id), style: 'primary', confirm: approveConfirm(view, g) }
          : { type: 'button', action_id: GATE_ACTION.reject, text: plain('Reject…'), value: gateValue(view.releaseId, g.id), style: 'danger' },
      ),
    }));
}

/** Rejecting blocks the deployment until someone approves it, so the reason is asked for and kept. */
export function renderRejectModal(view: ChecklistView, gate: GateView, metadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: REJECT_CALLBACK,
    private_metadata: metadata,
    title: plain(`Reject ${view.releaseId}`, LIMITS.modalTitle),
    submit: plain('Reject', LIMITS.modalButton),
    close: plain('Back', LIMITS.modalButton),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeText(gate.title)}* of *${view.releaseId}* ${escapeText(view.title)}\nThe release cannot be deployed while a gate is rejected, until someone allowed approves it.`, LIMITS.sectionText) } },
      {
        type: 'input', block_id: REJECT_BLOCK, label: plain('Why do you reject it?', LIMITS.inputLabel),
        hint: plain('Kept in the audit trail and shown on the release.', LIMITS.inputLabel),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: TEXT_LIMITS.reason },
      },
    ],
  };
}
