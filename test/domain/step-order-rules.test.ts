import { describe, expect, it } from 'vitest';
import { applyStepAction } from '../../src/domain/apply-step-action.js';
import { buildChecklistView } from '../../src/view/build-checklist-view.js';
import { fixtureRelease, rm, alice, NOW } from './fixture-release.js';
import type { Release } from '../../src/domain/release-schema.js';

const later = new Date(NOW.getTime() + 60_000);

/** The fixture with an exit review in early life support, as the default models have. */
function withExitReview(): Release {
  const base = fixtureRelease();
  const steps = [...base.model.steps, { id: 'els-exit', title: 'Hold the ELS exit review', phase: 'early_life_support' as const, owner: 'release_manager' as const, skippable: false }];
  return { ...base, model: { ...base.model, steps }, steps: [...base.steps, { stepId: 'els-exit', state: 'open' }] };
}
const actionsOf = (release: Release, stepId: string) =>
  buildChecklistView(release, later, 'UTC').phases.flatMap((p) => p.steps).find((s) => s.stepId === stepId)?.actions;

describe('steps in the order they can happen', () => {
  it('refuses the ELS exit review before the deployment, and takes it after', () => {
    const release = withExitReview();
    expect(() => applyStepAction(release, { step: 'els-exit', action: 'complete', actor: rm }, later)).toThrowError(
      'Step 5 “Hold the ELS exit review” belongs to early life support, which starts at the deployment: record the deployment first (deploy R-7).',
    );
    expect(actionsOf(release, 'els-exit')).toEqual(['assign']);
    const deployed = applyStepAction(release, { step: 'deploy', action: 'complete', actor: rm }, later).release;
    expect(actionsOf(deployed, 'els-exit')).toEqual(['complete', 'assign']);
    expect(applyStepAction(deployed, { step: 'els-exit', action: 'complete', actor: rm }, later).release.steps[4]).toMatchObject({ state: 'done', by: rm });
  });

  it('needs a skipped step undone before it is done, as a done step must be undone before it is skipped', () => {
    const skipped = applyStepAction(fixtureRelease(), { step: 4, action: 'skip', actor: alice, reason: 'internal only' }, later).release;
    expect(() => applyStepAction(skipped, { step: 4, action: 'complete', actor: alice }, later)).toThrowError(
      'Step 4 “Announce the release” is skipped (internal only); undo it first if it was done after all.',
    );
    expect(actionsOf(skipped, 'announce')).toEqual(['undo']);
    const reopened = applyStepAction(skipped, { step: 4, action: 'undo', actor: alice }, later).release;
    expect(applyStepAction(reopened, { step: 4, action: 'complete', actor: alice }, later).release.steps[3]).toMatchObject({ state: 'done' });
  });
});
