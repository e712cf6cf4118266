import { OUTCOME_LABELS, OUTCOMES, TEXT_LIMITS, type ChecklistView, type ReleaseAction } from '../../../src/index.js';
import type { CardAction, CardElement } from './card-types.js';
import { RELEASE_VERB } from './card-verbs.js';
import { execute } from './elements.js';
import { INPUT_ID } from './input-ids.js';

/** The ELS result, marked required when the core says this close must ask for it. */
function elsInputs(askEls: boolean): CardElement[] {
  const optional = askEls ? '' : ' (optional)';
  return [
    { type: 'Input.Number', id: INPUT_ID.elsIncidents, label: `Incidents during early life support${optional}`, min: 0, placeholder: '0', isRequired: askEls, errorMessage: 'Enter the number of incidents, 0 or more' },
    {
      type: 'Input.ChoiceSet', id: INPUT_ID.elsExit, label: `ELS exit criteria met?${optional}`, isRequired: askEls, errorMessage: 'Say whether the exit criteria were met',
      style: 'expanded', choices: [{ title: 'Met', value: 'met' }, { title: 'Not met', value: 'unmet' }],
    },
  ];
}

const INPUTS: Record<ReleaseAction, (askEls: boolean) => CardElement[]> = {
  deploy: () => [],
  reschedule: () => [
    { type: 'Input.Date', id: INPUT_ID.newDate, label: 'New deployment date', isRequired: true, errorMessage: 'Pick a date' },
    { type: 'Input.Time', id: INPUT_ID.newTime, label: 'Time', isRequired: true, errorMessage: 'Pick a time' },
  ],
  cancel: () => [{ type: 'Input.Text', id: INPUT_ID.cancelReason, label: 'Why cancel?', maxLength: TEXT_LIMITS.reason }],
  close: (askEls) => [
    { type: 'Input.ChoiceSet', id: INPUT_ID.outcome, label: 'Outcome', isRequired: true, errorMessage: 'Pick the outcome', style: 'expanded', choices: OUTCOMES.map((o) => ({ title: OUTCOME_LABELS[o].choice, value: o })) },
    { type: 'Input.Text', id: INPUT_ID.incidents, label: 'Incident references (optional, space separated)', maxLength: 300 },
    ...elsInputs(askEls),
  ],
};

const SUBMIT: Record<ReleaseAction, { title: string; style: 'positive' | 'destructive' }> = {
  deploy: { title: 'Mark deployed', style: 'positive' },
  reschedule: { title: 'Move deployment', style: 'positive' },
  cancel: { title: 'Cancel release', style: 'destructive' },
  close: { title: 'Close release', style: 'positive' },
};

/** What a release action asks before it is done, and the button that does it. */
export function releaseForm(action: ReleaseAction, view: ChecklistView, askEls: boolean): { inputs: CardElement[]; submit: CardAction } {
  const { title, style } = SUBMIT[action];
  return { inputs: INPUTS[action](askEls), submit: execute(title, RELEASE_VERB[action], { releaseId: view.releaseId }, { style }) };
}
