import type { ClassificationResult, Question, ReleaseModel } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { CARD_VERB } from './card-verbs.js';
import { execute, facts, plain, problem, text } from './elements.js';
import type { FormValues } from './form-card.js';
import { dateInputId, INPUT_ID, timeInputId } from './input-ids.js';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function answerText(q: Question, values: FormValues): string {
  switch (q.type) {
    case 'choice':
      return q.options.find((o) => o.value === values[q.id])?.label ?? '—';
    case 'boolean':
      return values[q.id] === 'true' ? 'Yes' : 'No';
    case 'datetime':
      return plain(`${values[dateInputId(q.id)] ?? ''} ${values[timeInputId(q.id)] ?? ''}`.trim(), 60) || '—';
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
    facts(questions.filter((q) => (q.required && !q.when) || answerText(q, values) !== '—').map((q) => [capitalise(q.short ?? q.label), answerText(q, values)])),
    text(`Suggested model: **${plain(result.modelName)}**`, { separator: true }),
    text(plain(result.explanation, 500), { spacing: 'None' }),
    {
      type: 'Input.ChoiceSet',
      id: INPUT_ID.model,
      label: 'Release model (change it to override the suggestion)',
      style: 'compact',
      value: opts.chosenModelId ?? result.modelId,
      choices: models.map((m) => ({ title: `${m.name} (${m.risk} risk)`, value: m.id })),
    },
    {
      type: 'Input.Text',
      id: INPUT_ID.overrideReason,
      label: 'Why override? (needed only when you pick another model)',
      maxLength: 500,
      ...(opts.reason ? { value: opts.reason } : {}),
    },
  ];
  if (opts.error) body.push(problem(opts.error, { id: 'confirm__error' }));
  const data = { answers: values, suggested: result.modelId };
  return card(body, [
    execute('Start the release', CARD_VERB.formConfirm, data, { style: 'positive' }),
    execute('Edit answers', CARD_VERB.formEdit, { answers: values }, { associatedInputs: 'none' }),
  ]);
}
