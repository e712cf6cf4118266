import { sameActor, type Actor } from '../domain/actor.js';
import type { Release } from '../domain/release-schema.js';

/**
 * "My open steps": steps assigned to the person, plus the unassigned release-manager steps of releases they manage.
 */
export function findOpenSteps(releases: Release[], actor: Actor): Array<{ release: Release; stepNumbers: number[] }> {
  return releases
    .map((release) => {
      const stepNumbers = release.steps.flatMap((s, i) => {
        if (s.state !== 'open') return [];
        const mine = s.assignee
          ? sameActor(s.assignee, actor)
          : release.model.steps[i]?.owner === 'release_manager' && sameActor(release.releaseManager, actor);
        return mine ? [i + 1] : [];
      });
      return { release, stepNumbers };
    })
    .filter((x) => x.stepNumbers.length > 0);
}
