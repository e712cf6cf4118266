import { isPipeline, sameActor, type Actor } from './actor.js';
import { ReleaseError } from './release-error.js';
import type { Release } from './release-schema.js';

/**
 * Who may do what to a release, written once. Each refusal names who may do it.
 * - cancel, close, reschedule: the release manager;
 * - record the deployment (complete the deployment step): the release manager, or the person that step is assigned to
 *   (or a pipeline, when the model marks the step automated);
 * - assign a step: the release manager or the step's current assignee; anyone may take an unassigned step themselves,
 *   except the deployment step, which only the release manager assigns;
 * - undo: the person who did the step, or the release manager (in applyStepAction).
 */
export function requireReleaseManager(release: Release, actor: Actor, what: string): void {
  if (sameActor(release.releaseManager, actor)) return;
  throw new ReleaseError('forbidden', `Only the release manager (${release.releaseManager.name}) can ${what} ${release.id}.`);
}

export function requireDeployer(release: Release, actor: Actor, index: number): void {
  const assignee = release.steps[index]?.assignee;
  if (sameActor(release.releaseManager, actor) || sameActor(assignee, actor)) return;
  // A model that marks its deployment step automated lets the pipeline that deploys record it.
  if (release.model.steps[index]?.automated && isPipeline(actor)) return;
  const who = assignee ? ` or ${assignee.name}, to whom the deployment step is assigned,` : '';
  throw new ReleaseError('forbidden', `Only the release manager (${release.releaseManager.name})${who} can record the deployment of ${release.id}.`);
}

export function requireAssigner(release: Release, actor: Actor, index: number, assignee: Actor): void {
  if (sameActor(release.releaseManager, actor)) return;
  // Whoever holds the deployment step may record the deployment, so only the release manager hands it out.
  if (release.model.steps[index]?.id === release.model.deploymentStep) {
    throw new ReleaseError('forbidden', `Only the release manager (${release.releaseManager.name}) can assign the deployment step of ${release.id}.`);
  }
  const current = release.steps[index]?.assignee;
  if (sameActor(current, actor)) return;
  if (!current && sameActor(assignee, actor)) return;
  const who = current ? ` or ${current.name}, who has it now,` : '';
  throw new ReleaseError(
    'forbidden',
    `Only the release manager (${release.releaseManager.name})${who} can assign step ${index + 1} of ${release.id}${current ? '' : ' to someone else; you can take it yourself'}.`,
  );
}
