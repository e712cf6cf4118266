import type { types } from '@slack/bolt';
import { isPipeline, type ChecklistView, type StepView } from '../../../src/index.js';
import { encodeMenuValue, encodeStepRef, type StepRef } from '../payloads/step-ref.js';
import { escapeText, mention, slackDate, truncate } from './mrkdwn.js';

/** Step text is capped so that a full chunk of steps stays under the per-message text ceiling. */
export const STEP_TEXT_MAX = 480;
/** Open steps take a section and an actions block: this is the most blocks one step can use. */
export const MAX_BLOCKS_PER_STEP = 2;

export const ACTION = {
  done: 'step_done',
  undo: 'step_undo',
  more: 'step_more',
} as const;

const ICON = { open: ':white_square:', done: ':white_check_mark:', skipped: ':fast_forward:' } as const;

/** The evidence link is the core's checked http(s) URL (no spaces, <, > or |), so it cannot end the link early. */
function evidenceText(e: NonNullable<StepView['evidence']>): string {
  const parts = [e.url ? `<${e.url.replace(/&/g, '&amp;')}|evidence>` : 'evidence'];
  if (e.commit) parts.push(`\`${escapeText(e.commit)}\``);
  if (e.note) parts.push(`“${truncate(escapeText(e.note), 120)}”`);
  return parts.join(' ');
}

export function stepText(step: StepView, timeZone: string): string {
  const head = `${ICON[step.state]} *${step.number}.* ${escapeText(step.title)}${step.isDeploymentStep ? ' :rocket:' : ''}`;
  const meta = [`_${escapeText(step.ownerLabel)}_`];
  if (step.state === 'done' && step.by && step.at) meta.push(`done by ${mention(step.by)} ${slackDate(step.at, timeZone)}${step.automated && !isPipeline(step.by) ? ' (by hand)' : ''}`);
  if (step.state === 'done' && step.evidence) meta.push(evidenceText(step.evidence));
  if (step.state === 'open' && step.automated) meta.push(':robot_face: pipeline');
  if (step.state === 'skipped' && step.by && step.at) {
    meta.push(`skipped by ${mention(step.by)} ${slackDate(step.at, timeZone)}`);
    if (step.reason) meta.push(`“${truncate(escapeText(step.reason), 120)}”`);
  }
  if (step.state === 'open') {
    if (step.dueAt) meta.push(`due ${slackDate(step.dueAt, timeZone)}`);
    if (step.overdue) meta.push(':warning: *overdue*');
    if (step.assignee) meta.push(`assigned to ${mention(step.assignee)}`);
  }
  return truncate(`${head}\n${meta.join(' · ')}`, STEP_TEXT_MAX);
}

function ref(view: ChecklistView, step: StepView): StepRef {
  return { releaseId: view.releaseId, step: step.number };
}

function menu(view: ChecklistView, step: StepView): types.Overflow | undefined {
  const options: types.PlainTextOption[] = [];
  const r = ref(view, step);
  if (step.actions.includes('skip')) options.push({ text: { type: 'plain_text', text: 'Skip…' }, value: encodeMenuValue('skip', r) });
  if (step.actions.includes('assign')) {
    options.push({ text: { type: 'plain_text', text: 'Assign to me' }, value: encodeMenuValue('assign_me', r) });
    options.push({ text: { type: 'plain_text', text: 'Assign…' }, value: encodeMenuValue('assign', r) });
  }
  return options.length ? { type: 'overflow', action_id: `${ACTION.more}:${step.number}`, options } : undefined;
}

/**
 * One step: open steps get a Done button and a menu (skip, assign) under the text; finished steps an Undo button beside it.
 * Closed or cancelled releases show text only.
 */
export function stepBlocks(view: ChecklistView, step: StepView, timeZone: string, blockPrefix = 'step'): types.KnownBlock[] {
  const text: types.SectionBlock = { type: 'section', block_id: `${blockPrefix}:${view.releaseId}:${step.number}`, text: { type: 'mrkdwn', text: stepText(step, timeZone) } };
  if (!view.actionable) return [text];
  const value = encodeStepRef(ref(view, step));
  if (step.state !== 'open') {
    if (step.actions.includes('undo'))
      text.accessory = { type: 'button', action_id: `${ACTION.undo}:${step.number}`, text: { type: 'plain_text', text: 'Undo' }, value };
    return [text];
  }
  const elements: types.ActionsBlockElement[] = [];
  if (step.actions.includes('complete'))
    elements.push({ type: 'button', style: 'primary', action_id: `${ACTION.done}:${step.number}`, text: { type: 'plain_text', text: 'Done' }, value });
  const more = menu(view, step);
  if (more) elements.push(more);
  if (!elements.length) return [text];
  return [text, { type: 'actions', block_id: `${blockPrefix}-actions:${view.releaseId}:${step.number}`, elements }];
}
