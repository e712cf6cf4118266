import type { ClassificationResult } from '../../../src/app/release-service.js';
import type { ReleaseModel } from '../../../src/models/model-schema.js';
import type { Question } from '../../../src/models/questions-schema.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { execute, facts, plain, text } from './elements.js';
import { dateInputId, timeInputId, type FormValues } from './form-card.js';

export const VERB_FORM_CONFIRM = 'form.confirm';
export const VERB_FORM_EDIT = 'form.edit';
export const MODEL_INPUT = 'rb_model';
export const REASON_INPUT = 'rb_override_reason';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function answerText(q: Question, values: FormValues): string {
  switch (q.type) {
    case 'choice':
      return q.options.find((o) => o.value === values[q.id])?.label ?? '—';
    case 'boolean':
      return values[q.id] === 'true' ? 'Yes' : 'No';
    case 'datetime':
      return `${values[dateInputId(q.id)] ?? ''} ${values[timeInputId(q.id)] ?? ''}`.trim() || '—';
    case 'text':
      return plain(values[q.id] ?? '—', 200);
  }
}

/**
 * The model classification chose and why, with an override. The answers ride along in the buttons' data,
 * so the bot keeps no half-finished state between clicks.
 */
export function confirmCard(
  questions: readonly Question[],
  values: FormValues,
  result: ClassificationResult,
  models: readonly ReleaseModel[],
  opts: { chosenModelId?: string; reason?: string; error?: string } = {},
): AdaptiveCard {
  const body: CardElement[] = [
    text('Check the release model', { size: 'Medium', weight: 'Bolder' }),
    facts(questions.filter((q) => q.required || answerText(q, values) !== '—').map((q) => [capitalise(q.short ?? q.label), answerText(q, values)])),
    text(`Suggested model: **${plain(result.modelName)}**`, { separator: true }),
    text(plain(result.explanation, 500), { spacing: 'None' }),
    {
      type: 'Input.ChoiceSet',
      id: MODEL_INPUT,
      label: 'Release model (change it to override the suggestion)',
      style: 'compact',
      value: opts.chosenModelId ?? result.modelId,
      choices: models.map((m) => ({ title: `${m.name} (${m.risk} risk)`, value: m.id })),
    },
    {
      type: 'Input.Text',
      id: REASON_INPUT,
      label: 'Why override? (needed only when you pick another model)',
      maxLength: 300,
      ...(opts.reason ? { value: opts.reason } : {}),
    },
  ];
  if (opts.error) body.push(text(`⚠ ${opts.error}`, { color: 'Attention', id: 'confirm__error' }));
  const data = { answers: values, suggested: result.modelId };
  return card(body, [
    execute('Start the release', VERB_FORM_CONFIRM, data, { style: 'positive' }),
    execute('Edit answers', VERB_FORM_EDIT, { answers: values }, { associatedInputs: 'none' }),
  ]);
}
