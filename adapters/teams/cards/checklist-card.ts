import { formatTime, isPipeline, TEXT_LIMITS, type ChecklistView, type StepAction, type StepView } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardAction, type CardElement } from './card-types.js';
import { CARD_VERB, STEP_VERB } from './card-verbs.js';
import type { ChecklistPart } from './checklist-layout.js';
import { actionSet, container, execute, plain, secondary, text, warning } from './elements.js';
import { skipReasonInputId } from './input-ids.js';

const ICON: Record<StepView['state'], string> = { open: '⬜', done: '✅', skipped: '⏭️' };

/** A step form open on the checklist for the person who asked for it ("Skip…"). */
export interface OpenStepForm {
  action: 'skip' | 'assign';
  step: number;
}

/** A markdown link to the core's checked http(s) URL; brackets are percent-encoded so they cannot end it early. */
function evidenceText(e: NonNullable<StepView['evidence']>): string {
  const parts = [e.url ? `[evidence](${e.url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\]/g, '%5D')})` : 'evidence'];
  if (e.commit) parts.push(plain(e.commit, 80));
  if (e.note) parts.push(`“${plain(e.note, 200)}”`);
  return parts.join(' ');
}

function stepDetail(s: StepView, timeZone: string): string {
  const when = (at: string | undefined) => (at ? `, ${formatTime(at, timeZone, 'short')}` : '');
  const parts = [s.ownerLabel];
  if (s.state === 'done' && s.by) parts.push(`done by ${plain(s.by.name, 60)}${when(s.at)}${s.automated && !isPipeline(s.by) ? ' (by hand)' : ''}`);
  if (s.state === 'done' && s.evidence) parts.push(evidenceText(s.evidence));
  if (s.state === 'open' && s.automated) parts.push('🤖 pipeline');
  if (s.state === 'skipped') {
    parts.push(`skipped by ${plain(s.by?.name ?? 'someone', 60)}${when(s.at)}`);
    if (s.reason) parts.push(`“${plain(s.reason, 200)}”`);
  }
  if (s.state === 'open' && s.assignee) parts.push(`assigned to ${plain(s.assignee.name, 60)}`);
  if (s.state === 'open' && s.dueAt && !s.overdue) parts.push(`due ${formatTime(s.dueAt, timeZone, 'short')}`);
  if (s.isDeploymentStep) parts.push('marks the deployment');
  return parts.join(' · ');
}

/**
 * "Done" is the one visible button; the rest sit in the step's overflow menu ("…"). A 22-step checklist then
 * shows one row of buttons per open step instead of three, and "Skip…" draws its reason field only when asked.
 */
function stepButtons(view: ChecklistView, s: StepView): CardAction[] {
  const data = { releaseId: view.releaseId, step: s.stepId, n: s.number };
  const BUTTON: Record<StepAction, () => CardAction> = {
    complete: () => execute('Done', STEP_VERB.complete, data, { style: 'positive' }),
    undo: () => secondary(execute('Undo', STEP_VERB.undo, data)),
    assign: () => secondary(execute('Assign to me', STEP_VERB.assign, data)),
    skip: () => secondary(execute('Skip…', CARD_VERB.openForm, { releaseId: view.releaseId, form: 'skip', n: s.number })),
  };
  return s.actions.map((a) => BUTTON[a]());
}

function stepForm(view: ChecklistView, s: StepView, open: OpenStepForm): CardElement[] {
  const data = { releaseId: view.releaseId, step: s.stepId, n: s.number };
  const back = execute('Back', CARD_VERB.refresh, { releaseId: view.releaseId }, { associatedInputs: 'none' });
  if (open.action === 'assign') return [actionSet([execute('Assign to me', STEP_VERB.assign, data, { style: 'positive' }), back])];
  return [
    { type: 'Input.Text', id: skipReasonInputId(s.number), label: 'Why does this step not apply?', isRequired: true, errorMessage: 'A skip needs a reason', maxLength: TEXT_LIMITS.reason },
    actionSet([execute('Skip step', STEP_VERB.skip, data, { style: 'positive' }), back]),
  ];
}

function stepBlock(view: ChecklistView, s: StepView, timeZone: string, open: OpenStepForm | undefined): CardElement {
  const title = `${ICON[s.state]} **${s.number}.** ${s.state === 'skipped' ? `~~${plain(s.title, 200)}~~` : plain(s.title, 200)}`;
  const items: CardElement[] = [text(title), text(stepDetail(s, timeZone), { subtle: true, size: 'Small', spacing: 'None' })];
  if (s.overdue && s.dueAt) items.push(warning(`Overdue: was due ${formatTime(s.dueAt, timeZone, 'short')}`, { size: 'Small', spacing: 'None' }));
  if (s.help && s.state === 'open') items.push(text(plain(s.help, 200), { subtle: true, size: 'Small', spacing: 'None' }));
  if (view.actionable && open?.step === s.number) items.push(...stepForm(view, s, open));
  else if (view.actionable && s.actions.length) items.push(actionSet(stepButtons(view, s)));
  return container(items, { separator: true, spacing: 'Small' });
}

/** One checklist message: its phases with their steps and buttons. Closed releases keep the record, lose the buttons. */
export function checklistCard(view: ChecklistView, part: ChecklistPart, partIndex: number, partCount: number, timeZone: string, open?: OpenStepForm): AdaptiveCard {
  const heading = `${view.releaseId} checklist${partCount > 1 ? ` (${partIndex + 1} of ${partCount})` : ''}: ${plain(view.title, 120)}`;
  const body: CardElement[] = [
    text(heading, { size: 'Medium', weight: 'Bolder' }),
    text(`${view.statusLabel} · ${view.progress.label} steps settled (${view.progress.percent}%) · times in ${timeZone}`, { subtle: true, spacing: 'None' }),
  ];
  for (const phase of part.phases) {
    body.push(text(`**${phase.label}** · ${phase.done}/${phase.total}`, { separator: true, spacing: 'Medium', color: phase.done === phase.total ? 'Good' : 'Default' }));
    for (const s of phase.steps) body.push(stepBlock(view, s, timeZone, open));
  }
  if (!view.actionable) body.push(text(`This release is ${view.statusLabel.toLowerCase()}; the checklist is read-only.`, { subtle: true, separator: true }));
  return card(body);
}
