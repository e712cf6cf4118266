import type { types } from '@slack/bolt';
import { TEXT_LIMITS, type ClassificationResult, type ReleaseModel } from '../../../src/index.js';
import { escapeText, plain, slackDate, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export const MODEL_CALLBACK = 'release_model';
export const MODEL_BLOCK = 'model';
export const MODEL_ACTION = 'model';
export const REASON_BLOCK = 'override_reason';
export const REASON_ACTION = 'reason';
export const FREEZE_BLOCK = 'freeze_reason';

/** The freeze window the planned time falls in, as the core names it. */
export interface FreezeNote {
  windowName: string;
  until: string;
  exempt: string[];
}

/** Asked only when the planned time falls in a freeze window: starting then needs a reason, which is kept. */
function freezeBlocks(freeze: FreezeNote, timeZone: string): types.KnownBlock[] {
  const exempt = freeze.exempt.length ? ` Not needed for ${freeze.exempt.map(escapeText).join(', ')}, which may deploy during it.` : '';
  return [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`:snowflake: The planned time falls in the freeze window *${escapeText(freeze.windowName)}*, until ${slackDate(freeze.until, timeZone)}.${exempt}`, LIMITS.sectionText) } },
    {
      type: 'input', block_id: FREEZE_BLOCK, optional: true, label: plain('Why must it deploy during the freeze?', LIMITS.inputLabel),
      hint: plain('Kept with the release and in the report. Or go back and pick a time after the window.', LIMITS.inputLabel),
      element: { type: 'plain_text_input', action_id: REASON_ACTION, max_length: TEXT_LIMITS.reason },
    },
  ];
}

/** Step 2: the chosen model and why, with a way to override it (with a reason) before anything is posted. */
export function renderModelModal(result: ClassificationResult, models: readonly ReleaseModel[], metadata: string, title: string, freeze?: { note: FreezeNote; timeZone: string }): types.ModalView {
  const options = models.slice(0, 100).map((m) => ({ text: plain(`${m.name} (${m.risk} risk, ${m.steps.length} steps)`), value: m.id }));
  const initial = options.find((o) => o.value === result.modelId);
  const chosen = models.find((m) => m.id === result.modelId);
  return {
    type: 'modal',
    callback_id: MODEL_CALLBACK,
    title: plain('New release', LIMITS.modalTitle),
    submit: plain('Post release', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: metadata,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeText(title)}*\nSuggested model: *${escapeText(result.modelName)}*\n${escapeText(result.explanation)}`, LIMITS.sectionText) } },
      ...(chosen ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: truncate(escapeText(chosen.description), 2000) }] }] : []),
      {
        type: 'input', block_id: MODEL_BLOCK, label: plain('Model', LIMITS.inputLabel),
        hint: plain('Keep the suggestion, or pick another model and say why below.', LIMITS.inputLabel),
        element: { type: 'static_select', action_id: MODEL_ACTION, options, ...(initial ? { initial_option: initial } : {}) },
      },
      {
        type: 'input', block_id: REASON_BLOCK, optional: true, label: plain('Reason for overriding', LIMITS.inputLabel),
        element: { type: 'plain_text_input', action_id: REASON_ACTION, max_length: TEXT_LIMITS.reason, placeholder: plain('Only needed when you change the model') },
      },
      ...(freeze ? freezeBlocks(freeze.note, freeze.timeZone) : []),
    ],
  };
}
