import { formatReportText, phraseText, type Outcome, type OutcomeKind } from '../../../src/index.js';
import { renderChecklist, renderHeader } from './render-checklist.js';
import { renderHelp } from './render-help.js';
import { renderDigestOutcome } from './render-digest.js';
import { renderList } from './render-list.js';
import { renderModels } from './render-models.js';
import { renderStep, type TimeOptions } from './render-step.js';

type Renderer<K extends OutcomeKind> = (outcome: Extract<Outcome, { kind: K }>, opts: TimeOptions) => string;

/** How the console draws each outcome: one entry per kind. `questions` and `identity` are conversations the session runs. */
const RENDERERS: { [K in OutcomeKind]: Renderer<K> } = {
  done(o, opts) {
    const lines = [`${o.changed ? '✓' : '·'} ${phraseText(o.message)}`];
    const step = o.step === undefined ? undefined : o.view.phases.flatMap((p) => p.steps).find((s) => s.number === o.step);
    if (step) lines.push(`  ${renderStep(step, opts)}`, `  Progress: ${o.view.progress.label} · ${o.view.statusLabel}`);
    else lines.push(renderHeader(o.view, opts).join('\n'));
    return lines.join('\n');
  },
  refused: (o) => `✗ ${o.message}`,
  failed: (o) => `✗ ${o.message}`,
  checklist: (o, opts) => renderChecklist(o.view, opts),
  list: (o, opts) => renderList(o.views, opts, o.current),
  models: (o) => renderModels(o.models),
  // An unknown command: one line saying so beats a screenful of help in a terminal.
  help: (o) => (o.note ? `✗ ${o.note}` : renderHelp(o.entries, o.topic ? undefined : o.intro)),
  report: (o) => formatReportText(o.summary),
  questions: (o) => Object.entries(o.errors).map(([field, message]) => `✗ ${field}: ${message}`).join('\n'),
  classification: (o) => `Model: ${o.result.modelName} (${o.result.modelId})\n  Why: ${o.result.explanation}`,
  form: (o) => `${o.view.releaseId}: use the command for this (type "help").`,
  identity: (o) => `✓ You are now ${o.actor.name} (${o.actor.id}).`,
  notice: (o) => [o.title, ...o.lines.map((l) => `  ${phraseText(l)}`)].join('\n'),
  digest: (o, opts) => renderDigestOutcome(o, opts),
};

export function renderOutcome(outcome: Outcome, opts: TimeOptions): string {
  return (RENDERERS[outcome.kind] as Renderer<OutcomeKind>)(outcome as never, opts);
}
