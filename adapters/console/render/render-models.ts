import type { ReleaseModel } from '../../../src/index.js';

/** The models a release can use, numbered so a person can pick one by number. */
export function renderModels(models: readonly ReleaseModel[]): string {
  const lines = ['Release models:'];
  models.forEach((m, i) => {
    lines.push(`  ${i + 1}) ${m.id} — ${m.name} (${m.risk} risk, ${m.steps.length} steps)`);
    lines.push(`     ${m.description.replace(/\s+/g, ' ').trim()}`);
  });
  return lines.join('\n');
}
