import type { types } from '@slack/bolt';
import { OUTCOME_LABELS, type ChecklistView } from '../../../src/index.js';
import type { SlackMessage } from './phase-message.js';
import { escapeText, mention, plain, slackDate, truncate } from './mrkdwn.js';
import { LIMITS } from './limits.js';
import { releaseActionsBlock } from './release-actions.js';
import { gateActionBlocks } from './gate-blocks.js';

const STATUS_ICON: Record<ChecklistView['status'], string> = {
  planned: ':spiral_calendar_pad:', in_progress: ':hammer_and_wrench:', deployed: ':rocket:', els: ':ambulance:', closed: ':checkered_flag:', cancelled: ':no_entry_sign:',
};

const GATE_ICON = { open: ':white_square:', approved: ':white_check_mark:', rejected: ':x:' } as const;

function bar(percent: number): string {
  const filled = Math.round(percent / 10);
  return '▰'.repeat(filled) + '▱'.repeat(10 - filled);
}

/** The compact parent message: title, model, deployment time, release manager, status, progress, and the release's buttons. */
export function renderSummaryMessage(view: ChecklistView, timeZone: string): SlackMessage {
  const p = view.progress;
  const outcome = view.outcome ? ` (${OUTCOME_LABELS[view.outcome].phrase})` : '';
  const fields: types.MrkdwnElement[] = [
    { type: 'mrkdwn', text: `*Model*\n${escapeText(view.modelName)} · ${escapeText(view.risk)} risk` },
    { type: 'mrkdwn', text: `*Deployment*\n${slackDate(view.deployedAt ?? view.plannedAt, timeZone)}${view.deployedAt ? ' (deployed)' : ''}` },
    { type: 'mrkdwn', text: `*Release manager*\n${mention(view.releaseManager)}` },
    { type: 'mrkdwn', text: `*Status*\n${STATUS_ICON[view.status]} ${escapeText(view.statusLabel)}${outcome}` },
    { type: 'mrkdwn', text: `*Progress*\n${bar(p.percent)} ${p.label}${p.skipped ? ` (${p.skipped} skipped)` : ''}` },
  ];
  const why = view.override
    ? `Model overridden to *${escapeText(view.modelName)}* by ${mention(view.override.by)}: ${escapeText(view.override.reason)}. Suggested: ${escapeText(view.explanation)}`
    : escapeText(view.explanation);
  const context = [`${view.releaseId}`, `requested by ${mention(view.requester)}`];
  if (view.nextReminder) context.push(`next reminder: ${escapeText(view.nextReminder.label)} ${slackDate(view.nextReminder.dueAt, timeZone)}`);
  if (view.afterDeployment?.length) context.push(`after deployment: ${view.afterDeployment.map((r) => `${escapeText(r.label)} ${escapeText(r.when)}`).join('; ')}`);
  if (view.closing) context.push(escapeText(view.closing.summary));
  if (view.actionable) context.push('checklist in the thread :thread:');
  const gates = view.gates.map((g) => `${GATE_ICON[g.state]} ${escapeText(g.title)}${g.by ? ` (${mention(g.by)})` : ''}`);
  if (view.missingBeforeDeploy.length) gates.push(`:hourglass: ${view.missingBeforeDeploy.length} before deployment · \`/release gates ${view.releaseId}\``);
  for (const f of view.freezeOverrides ?? []) gates.push(`:snowflake: freeze “${escapeText(f.windowName)}” overridden (${f.action}) by ${mention(f.by)}: ${escapeText(f.reason)}`);
  if (view.deployOverride) gates.push(`:warning: deployed with an override by ${mention(view.deployOverride.by)}: ${escapeText(view.deployOverride.reason)}`);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(`${view.releaseId}: ${view.title}`, LIMITS.headerText) },
    { type: 'section', block_id: 'summary', fields },
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(why, 1500) }] },
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(context.join(' · '), 1000) }] },
    ...(gates.length ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: truncate(gates.join(' · '), 1500) }] }] : []),
  ];
  blocks.push(...gateActionBlocks(view));
  const actions = releaseActionsBlock(view);
  if (actions) blocks.push(actions);
  return { text: truncate(`${view.releaseId} ${escapeText(view.title)}: ${escapeText(view.statusLabel)}, ${p.label}`, LIMITS.fallbackText), blocks };
}
