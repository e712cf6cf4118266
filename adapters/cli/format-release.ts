import type { Missing, ReleaseJson, StepJson } from './api-schemas.js';

/** One line per missing gate, tab-separated so a script can cut it: kind, id, title. */
export function formatMissing(missing: readonly Missing[]): string[] {
  return missing.map((m) => `${m.kind}\t${m.id}\t${m.title}`);
}

function stepLine(s: StepJson): string {
  const by = s.by ? ` by ${s.by.name}` : '';
  const evidence = [s.evidence?.url, s.evidence?.commit && `commit ${s.evidence.commit}`].filter(Boolean).join(', ');
  return `  ${String(s.n).padStart(2)} ${s.state.padEnd(7)} ${s.id}${by}${evidence ? ` (${evidence})` : ''}${s.reason ? ` — ${s.reason}` : ''}`;
}

/** `release-bot status`: what a pipeline log needs to show, a few lines. */
export function formatRelease(r: ReleaseJson): string[] {
  const done = r.steps.filter((s) => s.state === 'done').length;
  const skipped = r.steps.filter((s) => s.state === 'skipped').length;
  const lines = [
    `${r.id} “${r.title}”: ${r.status}`,
    `model: ${r.model.explanation || r.model.name}`,
    `planned: ${r.plannedAt}${r.deployedAt ? ` · deployed: ${r.deployedAt}` : ''}`,
    ...(r.releaseManager ? [`release manager: ${r.releaseManager.name}`] : []),
    `steps: ${done} done, ${skipped} skipped, ${r.steps.length - done - skipped} open of ${r.steps.length}`,
    ...r.steps.map(stepLine),
    r.gates.ready ? 'gates: ready to deploy' : `gates: ${r.gates.missing.length} missing`,
    ...formatMissing(r.gates.missing).map((l) => `  ${l}`),
  ];
  if (r.outcome) lines.push(`outcome: ${r.outcome.result}${r.outcome.incidents?.length ? ` (incidents: ${r.outcome.incidents.join(', ')})` : ''}`);
  return lines;
}
