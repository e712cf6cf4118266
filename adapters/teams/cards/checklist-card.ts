import type { ChecklistView, StepAction, StepView } from '../../../src/view/checklist-view.js';
import { card, type AdaptiveCard, type CardAction, type CardElement } from './card-types.js';
import type { ChecklistPart } from './checklist-layout.js';
import { actionSet, container, execute, plain, showCard, text } from './elements.js';
import { shortTime } from './format-time.js';

export const STEP_VERB: Record<StepAction, string> = {
  complete: 'step.complete',
  undo: 'step.undo',
  skip: 'step.skip',
  assign: 'step.assign',
};

export const skipReasonInputId = (stepNumber: number) => `reason_${stepNumber}`;

const ICON: Record<StepView['state'], string> = { open: '⬜', done: '✅', skipped: '⏭️' };

function stepDetail(s: StepView, timeZone: string): string {
  const parts = [s.ownerLabel];
  if (s.state === 'done' && s.by) parts.push(`done by ${plain(s.by.name, 60)}${s.at ? `, ${shortTime(s.at, timeZone)}` : ''}`);
  if (s.state === 'skipped') {
    parts.push(`skipped by ${plain(s.by?.name ?? 'someone', 60)}${s.at ? `, ${shortTime(s.at, timeZone)}` : ''}`);
    if (s.reason) parts.push(`“${plain(s.reason, 200)}”`);
  }
  if (s.state === 'open' && s.assignee) parts.push(`assigned to ${plain(s.assignee.name, 60)}`);
  if (s.state === 'open' && s.dueAt) parts.push(`${s.overdue ? '**overdue**, was due' : 'due'} ${shortTime(s.dueAt, timeZone)}`);
  if (s.isDeploymentStep) parts.push('marks the deployment');
  return parts.join(' · ');
}

function stepButtons(view: ChecklistView, s: StepView): CardAction[] {
  const data = { releaseId: view.releaseId, step: s.stepId, n: s.number };
  return s.actions.map((action) => {
    switch (action) {
      case 'complete':
        return execute('Done', STEP_VERB.complete, data, { style: 'positive' });
      case 'undo':
        return execute('Undo', STEP_VERB.undo, data);
      case 'assign':
        return execute('Assign to me', STEP_VERB.assign, data);
      case 'skip':
        return showCard('Skip…', [
          { type: 'Input.Text', id: skipReasonInputId(s.number), label: 'Why does this step not apply?', isRequired: true, errorMessage: 'A skip needs a reason', maxLength: 300 },
        ], [execute('Skip step', STEP_VERB.skip, data)]);
    }
  });
}

function stepBlock(view: ChecklistView, s: StepView, timeZone: string): CardElement {
  const title = `${ICON[s.state]} **${s.number}.** ${s.state === 'skipped' ? `~~${plain(s.title, 200)}~~` : plain(s.title, 200)}`;
  const items: CardElement[] = [
    text(title, s.overdue ? { color: 'Attention' } : {}),
    text(stepDetail(s, timeZone), { subtle: true, size: 'Small', spacing: 'None' }),
  ];
  if (s.help && s.state === 'open') items.push(text(plain(s.help, 300), { subtle: true, size: 'Small', spacing: 'None' }));
  if (view.actionable && s.actions.length) items.push(actionSet(stepButtons(view, s)));
  return container(items, { separator: true, spacing: 'Small' });
}

/** One checklist message: its phases with their steps and buttons. Closed releases keep the record, lose the buttons. */
export function checklistCard(view: ChecklistView, part: ChecklistPart, partIndex: number, partCount: number, timeZone: string): AdaptiveCard {
  const heading = `${view.releaseId} checklist${partCount > 1 ? ` (${partIndex + 1} of ${partCount})` : ''}: ${plain(view.title, 120)}`;
  const body: CardElement[] = [
    text(heading, { size: 'Medium', weight: 'Bolder' }),
    text(`${view.statusLabel} · ${view.progress.label} steps settled (${view.progress.percent}%) · times in ${timeZone}`, { subtle: true, spacing: 'None' }),
  ];
  for (const phase of part.phases) {
    body.push(text(`**${phase.label}** · ${phase.done}/${phase.total}`, { separator: true, spacing: 'Medium', color: phase.done === phase.total ? 'Good' : 'Default' }));
    for (const s of phase.steps) body.push(stepBlock(view, s, timeZone));
  }
  if (!view.actionable) body.push(text(`This release is ${view.statusLabel.toLowerCase()}; the checklist is read-only.`, { subtle: true, separator: true }));
  return card(body);
}
