import type { Question } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { CARD_VERB } from './card-verbs.js';
import { execute, problem, text } from './elements.js';
import { dateInputId, timeInputId } from './input-ids.js';

/** Raw field values as the card sent them, keyed by input id; kept between renders so nothing is lost. */
export type FormValues = Record<string, string>;

function questionInputs(q: Question, values: FormValues): CardElement[] {
  // A conditional question (`when`) may not apply to the form's other answers: the core judges it on submit.
  const common = { label: q.label, isRequired: q.required && !q.when, errorMessage: `Please answer: ${q.label}` };
  switch (q.type) {
    case 'choice':
      return [{
        type: 'Input.ChoiceSet',
        id: q.id,
        ...common,
        style: q.options.length > 4 ? 'compact' : 'expanded',
        choices: q.options.map((o) => ({ title: o.label, value: o.value })),
        ...(values[q.id] ? { value: values[q.id] } : {}),
      }];
    case 'boolean':
      return [{
        type: 'Input.Toggle',
        id: q.id,
        title: q.label,
        valueOn: 'true',
        valueOff: 'false',
        value: values[q.id] === 'true' ? 'true' : 'false',
      }];
    case 'datetime':
      return [{
        type: 'ColumnSet',
        columns: [
          { type: 'Column', width: 'stretch', items: [{ type: 'Input.Date', id: dateInputId(q.id), ...common, ...(values[dateInputId(q.id)] ? { value: values[dateInputId(q.id)] } : {}) }] },
          { type: 'Column', width: 'stretch', items: [{ type: 'Input.Time', id: timeInputId(q.id), label: 'Time', isRequired: q.required, errorMessage: 'Please pick a time', ...(values[timeInputId(q.id)] ? { value: values[timeInputId(q.id)] } : {}) }] },
        ],
      }];
    case 'text':
      return [{
        type: 'Input.Text',
        id: q.id,
        ...common,
        maxLength: q.maxLength,
        ...(q.maxLength > 150 ? { isMultiline: true } : {}),
        ...(values[q.id] ? { value: values[q.id] } : {}),
      }];
  }
}

/**
 * The classification questions as one form. After a failed submission it is drawn again with the person's
 * values and the core's message under each field that was wrong, plus a summary line at the top.
 */
export function formCard(questions: readonly Question[], values: FormValues = {}, errors: Record<string, string> = {}, timeZone?: string): AdaptiveCard {
  const body: CardElement[] = [text('Start a release', { size: 'Medium', weight: 'Bolder' })];
  body.push(text('Answer a few questions; I will suggest the release model that fits and say why.', { subtle: true, spacing: 'None' }));
  const errorCount = Object.keys(errors).length;
  if (errorCount) body.push(problem(`Please fix ${errorCount === 1 ? 'the field' : `${errorCount} fields`} marked below.`, { weight: 'Bolder' }));
  for (const q of questions) {
    body.push(...questionInputs(q, values));
    // A datetime question's help describes typed formats; here the pickers say it all, bar the zone.
    if (q.help && q.type !== 'datetime') body.push(text(q.help, { subtle: true, size: 'Small', spacing: 'None' }));
    if (q.type === 'datetime' && timeZone) body.push(text(`Time zone: ${timeZone}`, { subtle: true, size: 'Small', spacing: 'None' }));
    const error = errors[q.id];
    if (error) body.push(problem(error, { spacing: 'None', id: `${q.id}__error` }));
  }
  for (const [field, message] of Object.entries(errors)) {
    if (!questions.some((q) => q.id === field)) body.push(problem(message));
  }
  return card(body, [execute('Next: suggest a model', CARD_VERB.formSubmit, {}, { style: 'positive' })]);
}
