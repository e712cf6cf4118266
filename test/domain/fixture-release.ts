import type { Release } from '../../src/domain/release-schema.js';
import { releaseModelSchema, type ReleaseModel } from '../../src/models/model-schema.js';
import { buildRelease } from '../../src/app/build-release.js';
import { snapshotModel } from '../../src/app/snapshot-model.js';

export const alice = { id: 'console:alice', name: 'alice' };
export const bob = { id: 'console:bob', name: 'bob' };
export const rm = { id: 'console:rita', name: 'rita' };

export const model: ReleaseModel = releaseModelSchema.parse({
  id: 'tiny',
  name: 'Tiny release',
  description: 'A small model for tests.',
  risk: 'medium',
  deploymentStep: 'deploy',
  els: { window: '+3d', exitCriteria: ['No P1 incidents'] },
  steps: [
    { id: 'announce', title: 'Announce the release', phase: 'communication', owner: 'comms', due: '-1d' },
    { id: 'build', title: 'Build the artefact', phase: 'build', owner: 'dev', due: '-2d' },
    { id: 'rollback-plan', title: 'Write the rollback plan', phase: 'implementation_testing', owner: 'ops', skippable: false },
    { id: 'deploy', title: 'Deploy to production', phase: 'deployment', owner: 'ops' },
  ],
  reminders: [
    { id: 'announce-t1d', kind: 'communication', at: '-1d', owners: ['comms'], message: 'Announce {title}' },
    { id: 'els-1d', kind: 'els_checkin', at: '+1d', owners: ['support'], message: 'How is {id} doing?' },
  ],
});

export const NOW = new Date('2026-11-27T10:00:00Z');

export function fixtureRelease(overrides: Partial<Release> = {}): Release {
  const release = buildRelease({
    id: 'R-7',
    seq: 7,
    answers: { title: 'Checkout v2', deployAt: '2026-11-30T09:00:00.000Z' },
    model: snapshotModel(model),
    suggestedModelId: 'tiny',
    explanation: 'Tiny release, because it is a test',
    requester: rm,
    releaseManager: rm,
    location: { surface: 'console', channelId: 'console', messageIds: {} },
    now: NOW,
    timeZone: 'UTC',
  });
  return { ...release, ...overrides };
}
