import type { types } from '@slack/bolt';
import type { Question } from '../../../src/index.js';
import { escapeText, plain, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export const QUESTIONS_CALLBACK = 'release_questions';
export const ANSWER_ACTION = 'answer';

export function questionBlockId(questionId: string): string {
  return `q:${questionId}`;
}

/** Unix seconds for the date-time picker, from what an answer may hold (seconds, or an ISO instant). */
function unixSeconds(value: unknown): number | undefined {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

function element(q: Question, value: unknown): types.InputBlockElement {
  switch (q.type) {
    case 'text':
      return {
        type: 'plain_text_input', action_id: ANSWER_ACTION, max_length: q.maxLength, multiline: q.maxLength > 150,
        ...(typeof value === 'string' && value ? { initial_value: value.slice(0, q.maxLength) } : {}),
      };
    case 'choice': {
      const options = q.options.map((o) => ({ text: plain(o.label), value: o.value }));
      const initial = options.find((o) => o.value === value);
      const start = initial ? { initial_option: initial } : {};
      // Radio buttons show every option at once, which reads best for a handful of choices.
      return options.length <= 5
        ? { type: 'radio_buttons', action_id: ANSWER_ACTION, options, ...start }
        : { type: 'static_select', action_id: ANSWER_ACTION, placeholder: plain('Choose…'), options, ...start };
    }
    case 'boolean': {
      const yes = { text: plain('Yes'), value: 'yes' };
      return { type: 'checkboxes', action_id: ANSWER_ACTION, options: [yes], ...(value === true ? { initial_options: [yes] } : {}) };
    }
    case 'datetime': {
      const at = unixSeconds(value);
      return { type: 'datetimepicker', action_id: ANSWER_ACTION, ...(at !== undefined ? { initial_date_time: at } : {}) };
    }
  }
}

/**
 * Step 1 of starting a release: every classification question as a native input, filled with what is already
 * known. A modal can show field errors only in answer to a submission, so errors known when it opens (a title typed
 * after /release that cannot be used) are shown under their field.
 */
export function renderQuestionModal(questions: readonly Question[], metadata: string, values: Record<string, unknown> = {}, errors: Record<string, string> = {}): types.ModalView {
  const blocks: types.KnownBlock[] = questions.flatMap((q): types.KnownBlock[] => {
    const input: types.InputBlock = {
      type: 'input',
      block_id: questionBlockId(q.id),
      label: plain(q.label, LIMITS.inputLabel),
      // An unticked yes/no box is a plain "no", so it never blocks submission.
      // A conditional question (`when`) may not apply to this form's other answers: the core judges it on submit.
      optional: q.type === 'boolean' || !q.required || q.when !== undefined,
      ...(q.help ? { hint: plain(q.help, LIMITS.inputLabel) } : {}),
      element: element(q, values[q.id]),
    };
    const error = errors[q.id];
    return error ? [input, { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`:warning: ${escapeText(error)}`, 2000) }] }] : [input];
  });
  return {
    type: 'modal',
    callback_id: QUESTIONS_CALLBACK,
    title: plain('New release', LIMITS.modalTitle),
    submit: plain('Next', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: metadata,
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}
