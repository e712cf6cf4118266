import type { types } from '@slack/bolt';
import type { Question } from '../../../src/models/questions-schema.js';
import { truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export const QUESTIONS_CALLBACK = 'release_questions';
export const ANSWER_ACTION = 'answer';

export function questionBlockId(questionId: string): string {
  return `q:${questionId}`;
}

const plain = (text: string, max: number = LIMITS.optionText): types.PlainTextElement => ({ type: 'plain_text', text: truncate(text, max) });

function element(q: Question, initialTitle?: string): types.InputBlockElement {
  switch (q.type) {
    case 'text':
      return {
        type: 'plain_text_input', action_id: ANSWER_ACTION, max_length: q.maxLength, multiline: q.maxLength > 150,
        ...(q.id === 'title' && initialTitle ? { initial_value: initialTitle.slice(0, q.maxLength) } : {}),
      };
    case 'choice': {
      const options = q.options.map((o) => ({ text: plain(o.label), value: o.value }));
      // Radio buttons show every option at once, which reads best for a handful of choices.
      return options.length <= 5
        ? { type: 'radio_buttons', action_id: ANSWER_ACTION, options }
        : { type: 'static_select', action_id: ANSWER_ACTION, placeholder: plain('Choose…'), options };
    }
    case 'boolean':
      return { type: 'checkboxes', action_id: ANSWER_ACTION, options: [{ text: plain('Yes'), value: 'yes' }] };
    case 'datetime':
      return { type: 'datetimepicker', action_id: ANSWER_ACTION };
  }
}

/** Step 1 of starting a release: every classification question as a native input. */
export function renderQuestionModal(questions: readonly Question[], metadata: string, initialTitle?: string): types.ModalView {
  const blocks: types.KnownBlock[] = questions.map((q) => ({
    type: 'input',
    block_id: questionBlockId(q.id),
    label: plain(q.label, LIMITS.inputLabel),
    // An unticked yes/no box is a plain "no", so it never blocks submission.
    optional: q.type === 'boolean' || !q.required,
    ...(q.help ? { hint: plain(q.help, LIMITS.inputLabel) } : {}),
    element: element(q, initialTitle),
  }));
  return {
    type: 'modal',
    callback_id: QUESTIONS_CALLBACK,
    title: plain('New release', LIMITS.modalTitle),
    submit: plain('Next', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: metadata,
    blocks,
  };
}
