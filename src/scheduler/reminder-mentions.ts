import type { Actor } from '../domain/actor.js';
import type { Release } from '../domain/release-schema.js';
import type { Role } from '../domain/roles.js';

/**
 * The people a reminder is for: whoever is assigned an open step owned by one of the roles. The release manager
 * is added when the role list names them, and stands in when nobody else is assigned, so someone is always pinged.
 */
export function reminderMentions(release: Release, roles: readonly Role[]): Actor[] {
  const ownerOf = new Map(release.model.steps.map((s) => [s.id, s.owner]));
  const people = new Map<string, Actor>();
  for (const step of release.steps) {
    const owner = ownerOf.get(step.stepId);
    if (step.state !== 'open' || !step.assignee || !owner || !roles.includes(owner)) continue;
    people.set(step.assignee.id, step.assignee);
  }
  if (roles.includes('release_manager') || people.size === 0) people.set(release.releaseManager.id, release.releaseManager);
  return [...people.values()];
}
