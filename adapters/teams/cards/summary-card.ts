import { formatTime, OUTCOME_LABELS, type ChecklistView, type ReleaseAction } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardAction, type CardElement } from './card-types.js';
import { CARD_VERB } from './card-verbs.js';
import { execute, facts, plain, secondary, showCard, text } from './elements.js';
import { releaseForm } from './release-form.js';

const FORM_TITLE: Record<ReleaseAction, string> = { deploy: 'Mark deployed', reschedule: 'Reschedule…', cancel: 'Cancel…', close: 'Close…' };

function bar(percent: number): string {
  const filled = Math.round(percent / 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${percent}%`;
}

/**
 * One primary button, the release's next step (Mark deployed, then Close…); the others sit in the overflow menu
 * and draw their form in place, so the row fits a 320 px phone.
 */
function releaseButtons(view: ChecklistView): CardAction[] {
  const data = { releaseId: view.releaseId };
  return view.releaseActions.map((action, i) => {
    if (i > 0) return secondary(execute(FORM_TITLE[action], CARD_VERB.openForm, { ...data, form: action }));
    if (action === 'deploy') return releaseForm('deploy', view, false).submit;
    // The view's status is the core's word on early life support: a close then needs the ELS result.
    const form = releaseForm(action, view, view.closeAsksEls);
    return showCard(FORM_TITLE[action], form.inputs, [form.submit]);
  });
}

/** A release action's form, open on the summary for the person who asked for it. */
export interface OpenReleaseForm {
  action: ReleaseAction;
  askEls: boolean;
}

/** The release at a glance, first in its reply chain; its progress follows every action. */
export function summaryCard(view: ChecklistView, timeZone: string, open?: OpenReleaseForm): AdaptiveCard {
  const model = view.override
    ? `${plain(view.modelName)} (overridden by ${plain(view.override.by.name, 60)}: “${plain(view.override.reason, 200)}”)`
    : plain(view.modelName);
  const rows: Array<[string, string]> = [
    ['Model', model],
    ['Risk', view.risk],
    ['Status', view.outcome ? `${view.statusLabel} (${OUTCOME_LABELS[view.outcome].choice})` : view.statusLabel],
    ['Deployment', formatTime(view.deployedAt ?? view.plannedAt, timeZone, 'long') + (view.deployedAt ? ' (done)' : ' (planned)')],
    ['Release manager', plain(view.releaseManager.name, 60)],
    ['Requested by', plain(view.requester.name, 60)],
    ['Progress', `${bar(view.progress.percent)} · ${view.progress.done} done, ${view.progress.skipped} skipped, ${view.progress.open} open`],
  ];
  for (const g of view.gates) rows.push([plain(g.title, 120), g.state === 'open' ? 'open' : `${g.state} by ${plain(g.by?.name ?? 'someone', 60)}`]);
  if (view.missingBeforeDeploy.length) rows.push(['Before deployment', `${view.missingBeforeDeploy.length} missing: type "gates ${view.releaseId}"`]);
  for (const f of view.freezeOverrides ?? []) rows.push(['Freeze override', `${plain(f.windowName, 120)} (${f.action}) by ${plain(f.by.name, 60)}: ${plain(f.reason, 200)}`]);
  if (view.deployOverride) rows.push(['Override', `deployed by ${plain(view.deployOverride.by.name, 60)}: ${plain(view.deployOverride.reason, 200)}`]);
  if (view.nextReminder) rows.push(['Next reminder', `${plain(view.nextReminder.label, 120)}, ${formatTime(view.nextReminder.dueAt, timeZone, 'long')}`]);
  if (view.afterDeployment?.length) rows.push(['After deployment', view.afterDeployment.map((r) => `${plain(r.label, 80)} ${r.when}`).join('; ')]);
  if (view.closing) rows.push(['Closed', plain(view.closing.summary, 400)]);
  const body: CardElement[] = [
    text(`${view.releaseId}: ${plain(view.title, 150)}`, { size: 'Large', weight: 'Bolder' }),
    text(plain(view.explanation, 400), { subtle: true, spacing: 'None' }),
    facts(rows),
  ];
  if (open && view.actionable) {
    const form = releaseForm(open.action, view, open.askEls);
    body.push(text(`**${FORM_TITLE[open.action].replace('…', '')}**`, { separator: true }), ...form.inputs);
    return card(body, [form.submit, execute('Back', CARD_VERB.refresh, { releaseId: view.releaseId }, { associatedInputs: 'none' })]);
  }
  if (view.actionable) body.push(text('The checklist follows in this thread. Tick steps there, or type `done 3`, `status`, `help` to me.', { subtle: true, size: 'Small' }));
  return card(body, view.actionable ? releaseButtons(view) : []);
}
