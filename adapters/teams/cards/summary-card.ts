import { OUTCOMES } from '../../../src/domain/release-schema.js';
import type { ChecklistView } from '../../../src/view/checklist-view.js';
import { card, type AdaptiveCard, type CardAction, type CardElement } from './card-types.js';
import { execute, facts, plain, showCard, text } from './elements.js';
import { longTime } from './format-time.js';

export const RELEASE_VERB = {
  deploy: 'release.deploy',
  reschedule: 'release.reschedule',
  cancel: 'release.cancel',
  close: 'release.close',
} as const;

export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
  success: 'Success',
  failed: 'Failed',
  rolled_back: 'Rolled back',
  hotfix: 'Needed a hotfix',
};

export const RESCHEDULE_DATE = 'rb_new_date';
export const RESCHEDULE_TIME = 'rb_new_time';
export const CANCEL_REASON = 'rb_cancel_reason';
export const CLOSE_OUTCOME = 'rb_outcome';
export const CLOSE_INCIDENTS = 'rb_incidents';
export const CLOSE_ELS_INCIDENTS = 'rb_els_incidents';
export const CLOSE_ELS_EXIT = 'rb_els_exit';

/**
 * The ELS result: required for a release in early life support, optional otherwise. A deployed release is in
 * status "els" exactly when its model defines ELS, so the view's status tells without the model.
 */
function elsInputs(view: ChecklistView): CardElement[] {
  const required = view.status === 'els';
  const optional = required ? '' : ' (optional)';
  return [
    { type: 'Input.Number', id: CLOSE_ELS_INCIDENTS, label: `Incidents during early life support${optional}`, min: 0, placeholder: '0', isRequired: required, errorMessage: 'Enter the number of incidents, 0 or more' },
    {
      type: 'Input.ChoiceSet', id: CLOSE_ELS_EXIT, label: `ELS exit criteria met?${optional}`, isRequired: required, errorMessage: 'Say whether the exit criteria were met',
      style: 'expanded', choices: [{ title: 'Met', value: 'met' }, { title: 'Not met', value: 'unmet' }],
    },
  ];
}

function bar(percent: number): string {
  const filled = Math.round(percent / 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${percent}%`;
}

function releaseButtons(view: ChecklistView): CardAction[] {
  const data = { releaseId: view.releaseId };
  return view.releaseActions.map((a) => {
    switch (a) {
      case 'deploy':
        return execute('Mark deployed', RELEASE_VERB.deploy, data, { style: 'positive' });
      case 'reschedule':
        return showCard('Reschedule…', [
          { type: 'Input.Date', id: RESCHEDULE_DATE, label: 'New deployment date', isRequired: true, errorMessage: 'Pick a date' },
          { type: 'Input.Time', id: RESCHEDULE_TIME, label: 'Time', isRequired: true, errorMessage: 'Pick a time' },
        ], [execute('Move deployment', RELEASE_VERB.reschedule, data)]);
      case 'cancel':
        return showCard('Cancel…', [
          { type: 'Input.Text', id: CANCEL_REASON, label: 'Why cancel?', maxLength: 300 },
        ], [execute('Cancel release', RELEASE_VERB.cancel, data, { style: 'destructive' })]);
      case 'close':
        return showCard('Close…', [
          { type: 'Input.ChoiceSet', id: CLOSE_OUTCOME, label: 'Outcome', isRequired: true, errorMessage: 'Pick the outcome', style: 'expanded', choices: OUTCOMES.map((o) => ({ title: OUTCOME_LABELS[o], value: o })) },
          { type: 'Input.Text', id: CLOSE_INCIDENTS, label: 'Incident references (optional, space separated)', maxLength: 300 },
          ...elsInputs(view),
        ], [execute('Close release', RELEASE_VERB.close, data, { style: 'positive' })]);
    }
  });
}

/** The release at a glance, first in its reply chain; its progress follows every action. */
export function summaryCard(view: ChecklistView, timeZone: string): AdaptiveCard {
  const model = view.override
    ? `${plain(view.modelName)} (overridden by ${plain(view.override.by.name, 60)}: “${plain(view.override.reason, 200)}”)`
    : plain(view.modelName);
  const rows: Array<[string, string]> = [
    ['Model', model],
    ['Risk', view.risk],
    ['Status', view.outcome ? `${view.statusLabel} (${OUTCOME_LABELS[view.outcome]})` : view.statusLabel],
    ['Deployment', longTime(view.deployedAt ?? view.plannedAt, timeZone) + (view.deployedAt ? ' (done)' : ' (planned)')],
    ['Release manager', plain(view.releaseManager.name, 60)],
    ['Requested by', plain(view.requester.name, 60)],
    ['Progress', `${bar(view.progress.percent)} · ${view.progress.done} done, ${view.progress.skipped} skipped, ${view.progress.open} open`],
  ];
  if (view.nextReminder) rows.push(['Next reminder', `${view.nextReminder.kind.replace(/_/g, ' ')}, ${longTime(view.nextReminder.dueAt, timeZone)}`]);
  const body: CardElement[] = [
    text(`${view.releaseId}: ${plain(view.title, 150)}`, { size: 'Large', weight: 'Bolder' }),
    text(plain(view.explanation, 400), { subtle: true, spacing: 'None' }),
    facts(rows),
  ];
  if (view.actionable) body.push(text('The checklist follows in this thread. Tick steps there, or type `done 3`, `status`, `help` to me.', { subtle: true, size: 'Small' }));
  return card(body, view.actionable ? releaseButtons(view) : []);
}
