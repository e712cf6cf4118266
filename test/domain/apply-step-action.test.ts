import { phraseText } from '../../src/domain/phrase.js';
import { describe, expect, it } from 'vitest';
import { applyStepAction } from '../../src/domain/apply-step-action.js';
import { releaseSchema } from '../../src/domain/release-schema.js';
import { ReleaseError } from '../../src/domain/release-error.js';
import { fixtureRelease, alice, bob, rm, NOW } from './fixture-release.js';

const later = new Date(NOW.getTime() + 60_000);

describe('applyStepAction', () => {
  it('numbers steps in phase order and records who completed a step and when', () => {
    const release = fixtureRelease();
    expect(release.model.steps.map((s) => s.id)).toEqual(['build', 'rollback-plan', 'deploy', 'announce']);
    const { release: next, changed, message } = applyStepAction(release, { step: 1, action: 'complete', actor: alice }, later);
    expect(changed).toBe(true);
    expect(next.steps[0]).toEqual({ stepId: 'build', state: 'done', by: alice, at: later.toISOString() });
    expect(next.status).toBe('in_progress');
    expect(next.rev).toBe(release.rev + 1);
    expect(next.audit.at(-1)).toMatchObject({ action: 'complete', stepId: 'build', actor: alice });
    expect(phraseText(message)).toBe('R-7: step 1 “Build the artefact” done by alice.');
    expect(releaseSchema.safeParse(next).success).toBe(true);
  });

  it('changes nothing for a repeated delivery key or an action already applied', () => {
    const once = applyStepAction(fixtureRelease(), { step: 1, action: 'complete', actor: alice, key: 'k1' }, later).release;
    const retried = applyStepAction(once, { step: 1, action: 'complete', actor: bob, key: 'k1' }, later);
    expect(retried.changed).toBe(false);
    expect(retried.release).toBe(once);
    const again = applyStepAction(once, { step: 'build', action: 'complete', actor: bob, key: 'k2' }, later);
    expect(again.changed).toBe(false);
    expect(phraseText(again.message)).toMatch(/^R-7: step 1 .* is already done \(by alice\)/);
  });

  it('lets only the person who completed a step, or the release manager, undo it', () => {
    const done = applyStepAction(fixtureRelease(), { step: 1, action: 'complete', actor: alice }, later).release;
    expect(() => applyStepAction(done, { step: 1, action: 'undo', actor: bob }, later)).toThrowError(
      /Only alice or the release manager \(rita\) can undo step 1/,
    );
    expect(applyStepAction(done, { step: 1, action: 'undo', actor: alice }, later).release.steps[0]).toEqual({ stepId: 'build', state: 'open' });
    expect(applyStepAction(done, { step: 1, action: 'undo', actor: rm }, later).changed).toBe(true);
  });

  it('needs a reason to skip and refuses steps the model marks unskippable', () => {
    const release = fixtureRelease();
    expect(() => applyStepAction(release, { step: 1, action: 'skip', actor: alice, reason: '  ' }, later)).toThrowError(/needs a reason/);
    const err = (() => {
      try {
        applyStepAction(release, { step: 2, action: 'skip', actor: alice, reason: 'no time' }, later);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ReleaseError);
    expect((err as ReleaseError).code).toBe('conflict');
    const skipped = applyStepAction(release, { step: 4, action: 'skip', actor: alice, reason: 'internal only' }, later).release;
    expect(skipped.steps[3]).toMatchObject({ state: 'skipped', reason: 'internal only', by: alice });
  });

  it('assigns a step without starting the release', () => {
    const next = applyStepAction(fixtureRelease(), { step: 2, action: 'assign', actor: rm, assignee: bob }, later);
    expect(next.release.steps[1]?.assignee).toEqual(bob);
    expect(next.release.status).toBe('planned');
    expect(phraseText(next.message)).toBe('R-7: step 2 “Write the rollback plan” assigned to bob.');
  });

  it('marks the release deployed with the deployment step, and takes it back on undo', () => {
    expect(() => applyStepAction(fixtureRelease(), { step: 'deploy', action: 'complete', actor: alice }, later)).toThrowError(
      'Only the release manager (rita) can record the deployment of R-7.',
    );
    const deployed = applyStepAction(fixtureRelease(), { step: 'deploy', action: 'complete', actor: rm }, later);
    expect(deployed.deploymentChanged).toBe(true);
    expect(deployed.release).toMatchObject({ status: 'els', deployedAt: later.toISOString() });
    const undone = applyStepAction(deployed.release, { step: 3, action: 'undo', actor: rm }, later);
    expect(undone.release.status).toBe('in_progress');
    expect(undone.release.deployedAt).toBeUndefined();
  });

  it('refuses unknown steps and any change to a closed or cancelled release', () => {
    expect(() => applyStepAction(fixtureRelease(), { step: 9, action: 'complete', actor: alice }, later)).toThrowError(
      'R-7 has no step 9: its steps are numbered 1 to 4.',
    );
    const cancelled = fixtureRelease({ status: 'cancelled' });
    expect(() => applyStepAction(cancelled, { step: 1, action: 'complete', actor: alice }, later)).toThrowError(
      'R-7 is cancelled, so changing its checklist is no longer possible.',
    );
  });
});

describe('undo refusals', () => {
  it('names the release manager once when they did the step themselves', () => {
    const done = applyStepAction(fixtureRelease(), { step: 1, action: 'complete', actor: rm }, later).release;
    expect(() => applyStepAction(done, { step: 1, action: 'undo', actor: bob }, later)).toThrowError(
      'Only rita (who did it and manages the release) can undo step 1 “Build the artefact”.',
    );
  });
});
