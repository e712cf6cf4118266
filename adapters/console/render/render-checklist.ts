import { formatTime, type ChecklistView } from '../../../src/index.js';
import { renderStep, type TimeOptions } from './render-step.js';

/** The release header: who, what, when, how far. */
export function renderHeader(view: ChecklistView, opts: TimeOptions): string[] {
  const p = view.progress;
  const lines = [
    `${view.releaseId} · ${view.title}`,
    view.override
      ? `  Model: ${view.modelName} (${view.risk} risk) — override by ${view.override.by.name}: ${view.override.reason}`
      : `  Model: ${view.modelName} (${view.risk} risk) — ${view.explanation}`,
    `  Deploy: ${formatTime(view.plannedAt, opts.timeZone)} · RM: ${view.releaseManager.name} · Status: ${view.statusLabel}`,
    `  Progress: ${p.done + p.skipped}/${p.total} (${p.done} done, ${p.skipped} skipped, ${p.open} open)`,
  ];
  if (view.override) lines.splice(2, 0, `  Suggested: ${view.explanation}`);
  if (view.gates.length) lines.push(`  Gates: ${view.gates.map((g) => `${g.title} ${g.state === 'open' ? 'open' : `${g.state} by ${g.by?.name ?? 'someone'}`}`).join(' · ')}`);
  if (view.missingBeforeDeploy.length) lines.push(`  Before deployment, missing: ${view.missingBeforeDeploy.join(', ')}`);
  if (view.deployedAt) lines.push(`  Deployed: ${formatTime(view.deployedAt, opts.timeZone)}`);
  if (view.deployOverride) lines.push(`  Deployed with an override by ${view.deployOverride.by.name}: ${view.deployOverride.reason} (missing ${view.deployOverride.missing.join(', ')})`);
  for (const f of view.freezeOverrides ?? []) lines.push(`  Freeze “${f.windowName}” overridden (${f.action}) by ${f.by.name}: ${f.reason}`);
  // A finished release sends nothing more, whatever reminders its record still holds.
  if (view.nextReminder && view.actionable) lines.push(`  Next reminder: ${view.nextReminder.label} at ${formatTime(view.nextReminder.dueAt, opts.timeZone)}`);
  if (view.afterDeployment) lines.push(`  After deployment: ${view.afterDeployment.map((r) => `${r.label} ${r.when}`).join('; ')}`);
  if (view.closing) lines.push(`  Outcome: ${view.closing.summary} Closed by ${view.closing.closedBy.name}, ${formatTime(view.closing.closedAt, opts.timeZone)}.`);
  return lines;
}

/** The whole checklist, steps grouped by phase in the view's order. */
export function renderChecklist(view: ChecklistView, opts: TimeOptions): string {
  const lines = renderHeader(view, opts);
  for (const phase of view.phases) {
    if (phase.steps.length === 0) continue;
    lines.push('', `  ${phase.label} (${phase.done}/${phase.total})`);
    for (const step of phase.steps) lines.push(`  ${renderStep(step, opts)}`);
  }
  if (!view.actionable) lines.push('', '  This release is finished: its steps can no longer change.');
  return lines.join('\n');
}
