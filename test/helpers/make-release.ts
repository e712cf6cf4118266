import { PHASES } from '../../src/domain/phases.js';
import { ROLES } from '../../src/domain/roles.js';
import type { Release } from '../../src/domain/release-schema.js';
import type { ReleaseModel } from '../../src/models/model-schema.js';

/** A small model written inline, so tests never depend on the files in models/. */
export function makeModel(stepCount = 5): ReleaseModel {
  const steps = Array.from({ length: stepCount }, (_, i) => ({
    id: `step-${i + 1}`,
    title: `Do step ${i + 1}`,
    phase: PHASES[i % PHASES.length] ?? 'build',
    owner: ROLES[i % ROLES.length] ?? 'dev',
    due: i % 2 === 0 ? '-1d' : '+1h',
    skippable: i % 3 !== 0,
  }));
  return {
    id: 'test-model',
    name: 'Test model',
    description: 'A model built by the test fixture.',
    risk: 'medium',
    deploymentStep: steps[Math.floor(stepCount / 2)]?.id ?? 'step-1',
    els: { window: '+3d', exitCriteria: ['No open incidents'] },
    steps,
    reminders: [
      { id: 'announce', kind: 'communication', at: '-1d', owners: ['comms'], message: 'Announce {title}.' },
      { id: 'els-exit', kind: 'els_exit_review', at: '+3d', owners: ['release_manager'], message: 'Review ELS exit for {id}.' },
    ],
  };
}

/**
 * A schema-valid Release with `stepCount` open steps (default 5). `id` and `seq` follow each other when only
 * one is given. Any field can be overridden; the result is not re-validated, so tests can build invalid ones.
 */
export function makeRelease(overrides: Partial<Release> & { stepCount?: number } = {}): Release {
  const { stepCount = 5, ...fields } = overrides;
  const seq = fields.seq ?? (fields.id ? Number(fields.id.replace(/^R-/, '')) : 1);
  const id = fields.id ?? `R-${seq}`;
  const model = fields.model ?? makeModel(stepCount);
  const createdAt = '2026-03-01T09:00:00.000Z';
  const requester = { id: 'console:alice', name: 'alice' };
  return {
    id,
    seq,
    title: `Release ${id}`,
    answers: { what: 'billing service', user_facing: true, impact: 'medium' },
    model,
    classification: { suggestedModelId: model.id, explanation: 'Test model, because the fixture says so' },
    plannedAt: '2026-03-05T14:00:00.000Z',
    requester,
    releaseManager: { id: 'console:rita', name: 'rita' },
    status: 'planned',
    location: { surface: 'console', channelId: 'console', messageIds: {} },
    steps: model.steps.map((s) => ({ stepId: s.id, state: 'open' as const })),
    reminders: model.reminders.map((r, i) => ({
      id: `${id}-${r.id}`,
      defId: r.id,
      kind: r.kind,
      dueAt: i === 0 ? '2026-03-04T14:00:00.000Z' : '2026-03-08T14:00:00.000Z',
      status: 'pending' as const,
      attempts: 0,
    })),
    audit: [{ at: createdAt, actor: requester, action: 'create' }],
    createdAt,
    updatedAt: createdAt,
    rev: 0,
    ...fields,
  };
}
