import { formatTime, TEXT_LIMITS, type ClassificationResult, type Question, type ReleaseModel } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { CARD_VERB } from './card-verbs.js';
import { bare, execute, facts, plain, problem, text, warning } from './elements.js';
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

/** The planned time falls in a freeze window: the form asks why it must go out then. */
export interface FreezeToExplain {
  windowName: string;
  /** ISO time the window lifts. */
  until: string;
  /** Model ids that need no reason. */
  exempt: readonly string[];
  /** The team's zone, in which the card says when the window lifts. */
  timeZone: string;
}

/**
 * Why it must deploy during the freeze, with when the freeze lifts and which models need no reason; a refusal naming
 * the field is drawn beside it. Required only for a model that is not exempt, so the card cannot insist on it.
 */
function freezeInputs(freeze: FreezeToExplain, models: readonly ReleaseModel[], value: string | undefined, error: string | undefined): CardElement[] {
  const exempt = freeze.exempt.map((id) => models.find((m) => m.id === id)?.name ?? id);
  const needs = exempt.length ? `; ${exempt.join(', ')} need${exempt.length === 1 ? 's' : ''} none` : '';
  return [
    warning(`The deployment falls in the freeze window “${freeze.windowName}”, in force until ${formatTime(freeze.until, freeze.timeZone)}. To start it anyway, say why: the reason is recorded${needs}.`, { separator: true }),
    {
      type: 'Input.Text',
      id: INPUT_ID.freezeReason,
      label: `Why must it deploy during “${bare(freeze.windowName)}”?`,
      maxLength: TEXT_LIMITS.reason,
      ...(value ? { value: value.slice(0, TEXT_LIMITS.reason) } : {}),
    },
    ...(error ? [problem(error, { id: 'freeze__error', spacing: 'None' })] : []),
  ];
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
  opts: { chosenModelId?: string; reason?: string; error?: string; errorField?: string; freeze?: FreezeToExplain; freezeReason?: string } = {},
): AdaptiveCard {
  const besideFreeze = Boolean(opts.freeze && opts.errorField === 'freeze');
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
  if (opts.freeze) body.push(...freezeInputs(opts.freeze, models, opts.freezeReason, besideFreeze ? opts.error : undefined));
  if (opts.error && !besideFreeze) body.push(problem(opts.error, { id: 'confirm__error' }));
  const data = { answers: values, suggested: result.modelId };
  return card(body, [
    execute('Start the release', CARD_VERB.formConfirm, data, { style: 'positive' }),
    execute('Edit answers', CARD_VERB.formEdit, { answers: values }, { associatedInputs: 'none' }),
  ]);
}
