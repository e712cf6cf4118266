import { releaseModelSchema, type ReleaseModel } from '../../src/models/model-schema.js';

/** Steps per bench release: as many as a demanding real model has. */
export const BENCH_STEPS = 20;

/** The scheduler benches' model: twenty build steps and the reminders the bench is about. */
export function benchModel(description: string, reminders: unknown[]): ReleaseModel {
  return releaseModelSchema.parse({
    id: 'bench',
    name: 'Bench',
    description,
    risk: 'medium',
    deploymentStep: 'step-1',
    els: { window: '+7d', exitCriteria: ['Quiet'] },
    steps: Array.from({ length: BENCH_STEPS }, (_, i) => ({ id: `step-${i + 1}`, title: `Step ${i + 1}`, phase: 'build', owner: 'dev' })),
    reminders,
  });
}
