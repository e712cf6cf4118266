import type { DescribedModel, ReleaseModel } from '../../../src/index.js';

/** The models a release can use, numbered so a person can pick one by number, each with when the rules pick it. */
export function renderModels(models: ReadonlyArray<ReleaseModel & Partial<Pick<DescribedModel, 'appliesWhen'>>>): string {
  const lines = ['Release models:'];
  models.forEach((m, i) => {
    lines.push(`  ${i + 1}) ${m.id} — ${m.name} (${m.risk} risk, ${m.steps.length} steps)`);
    if (m.appliesWhen) lines.push(`     Applies ${m.appliesWhen}.`);
    lines.push(`     ${m.description.replace(/\s+/g, ' ').trim()}`);
  });
  return lines.join('\n');
}
