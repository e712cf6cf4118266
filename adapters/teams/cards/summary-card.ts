import { formatTime, OUTCOME_LABELS, TEXT_LIMITS, type ChecklistView, type GateView, type ReleaseAction } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardAction, type CardElement } from './card-types.js';
import { CARD_VERB, GATE_VERB } from './card-verbs.js';
import { actionSet, container, execute, facts, plain, problem, secondary, showCard, text } from './elements.js';
import { rejectReasonInputId } from './input-ids.js';
import { releaseForm } from './release-form.js';

const FORM_TITLE: Record<ReleaseAction, string> = { deploy: 'Mark deployed', reschedule: 'Reschedule…', cancel: 'Cancel…', close: 'Close…' };

const MAX_FREEZE_ROWS = 3;

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

/** A gate's Reject… form, open on the summary for the person whose rejection was refused (no reason given). */
export interface OpenGateForm {
  gateId: string;
  /** The core's refusal, shown beside the reason. */
  error?: string;
  /** The reason as it was typed. */
  note?: string;
}

const GATE_ICON: Record<GateView['state'], string> = { open: '⬜', approved: '✅', rejected: '⛔' };

function gateLine(g: GateView): string {
  const decided = g.state === 'open' ? 'open' : `${g.state} by ${plain(g.by?.name ?? 'someone', 60)}${g.note ? `: “${plain(g.note, 200)}”` : ''}`;
  return `${GATE_ICON[g.state]} **${plain(g.title, 120)}** · ${decided}`;
}

function rejectInput(g: GateView, note?: string): CardElement {
  return {
    type: 'Input.Text', id: rejectReasonInputId(g.id), label: 'Why reject it? (recorded with the decision)', isRequired: true,
    errorMessage: 'A rejection needs a reason', maxLength: TEXT_LIMITS.reason, ...(note ? { value: note.slice(0, TEXT_LIMITS.reason) } : {}),
  };
}

/**
 * A gate's decisions under its name: Approve at once, Reject… draws its reason field in place. Two buttons, so the
 * row fits a 320 px phone; the core says who may decide, and a refusal goes to the clicker only.
 */
function gateButtons(view: ChecklistView, g: GateView): CardAction[] {
  const data = { releaseId: view.releaseId, gateId: g.id };
  return g.actions.map((a) =>
    a === 'approve'
      ? execute('Approve', GATE_VERB.approve, data, { style: 'positive', associatedInputs: 'none' })
      : showCard('Reject…', [rejectInput(g)], [execute('Reject', GATE_VERB.reject, data, { style: 'destructive' })]),
  );
}

/** The gate whose Reject… form is open, while it may still be rejected. */
const rejectable = (view: ChecklistView, open: OpenGateForm | undefined) =>
  view.actionable && open ? view.gates.find((g) => g.id === open.gateId && g.actions.includes('reject')) : undefined;

/** Each gate with its decision; its buttons while it may still be decided, or its Reject… form when that is open. */
function gateBlocks(view: ChecklistView, open: OpenGateForm | undefined, formOpen: boolean): CardElement[] {
  return view.gates.map((g, i) => {
    const items: CardElement[] = [text(gateLine(g))];
    if (open && rejectable(view, open) === g) {
      const data = { releaseId: view.releaseId, gateId: g.id };
      items.push(rejectInput(g, open.note));
      if (open.error) items.push(problem(open.error, { id: 'gate__error', spacing: 'None' }));
      items.push(actionSet([
        execute('Reject', GATE_VERB.reject, data, { style: 'destructive' }),
        execute('Back', CARD_VERB.refresh, { releaseId: view.releaseId }, { associatedInputs: 'none' }),
      ]));
    } else if (view.actionable && !formOpen && g.actions.length) items.push(actionSet(gateButtons(view, g)));
    return container(items, { spacing: 'Small', ...(i === 0 ? { separator: true } : {}) });
  });
}

/** What the summary shows open for the person who asked: a release action's form, or a gate's Reject… form. */
export interface OpenSummaryForm {
  release?: OpenReleaseForm;
  gate?: OpenGateForm;
}

/** The release at a glance, first in its reply chain; its progress follows every action. */
export function summaryCard(view: ChecklistView, timeZone: string, opened: OpenSummaryForm = {}): AdaptiveCard {
  const open = opened.release;
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
  if (view.missingBeforeDeploy.length) rows.push(['Before deployment', `${view.missingBeforeDeploy.length} missing: type "gates ${view.releaseId}"`]);
  // The latest few: every override is in the audit trail and the report, and the card must stay within Teams' size limit.
  const overrides = view.freezeOverrides ?? [];
  for (const f of overrides.slice(-MAX_FREEZE_ROWS)) rows.push(['Freeze override', `${plain(f.windowName, 120)} (${f.action}) by ${plain(f.by.name, 60)}: ${plain(f.reason, 200)}`]);
  if (overrides.length > MAX_FREEZE_ROWS) rows.push(['Freeze override', `${overrides.length - MAX_FREEZE_ROWS} earlier, in the audit trail`]);
  if (view.deployOverride) rows.push(['Override', `deployed by ${plain(view.deployOverride.by.name, 60)}: ${plain(view.deployOverride.reason, 200)}`]);
  if (view.nextReminder) rows.push(['Next reminder', `${plain(view.nextReminder.label, 120)}, ${formatTime(view.nextReminder.dueAt, timeZone, 'long')}`]);
  if (view.afterDeployment?.length) rows.push(['After deployment', view.afterDeployment.slice(0, 12).map((r) => `${plain(r.label, 80)} ${r.when}`).join('; ')]);
  if (view.closing) rows.push(['Closed', plain(view.closing.summary, 400)]);
  const body: CardElement[] = [
    text(`${view.releaseId}: ${plain(view.title, 150)}`, { size: 'Large', weight: 'Bolder' }),
    text(plain(view.explanation, 400), { subtle: true, spacing: 'None' }),
    facts(rows),
    ...gateBlocks(view, opened.gate, Boolean(open || rejectable(view, opened.gate))),
  ];
  // Like a release action's form: only the form and Back, so nothing else is clicked by mistake meanwhile.
  if (rejectable(view, opened.gate)) return card(body, []);
  if (open && view.actionable) {
    const form = releaseForm(open.action, view, open.askEls);
    body.push(text(`**${FORM_TITLE[open.action].replace('…', '')}**`, { separator: true }), ...form.inputs);
    return card(body, [form.submit, execute('Back', CARD_VERB.refresh, { releaseId: view.releaseId }, { associatedInputs: 'none' })]);
  }
  if (view.actionable) body.push(text('The checklist follows in this thread. Tick steps there, or type `done 3`, `status`, `help` to me.', { subtle: true, size: 'Small' }));
  return card(body, view.actionable ? releaseButtons(view) : []);
}
