import type { Actor } from '../domain/actor.js';
import type { RoleHolders } from '../domain/gates.js';
import type { Release } from '../domain/release-schema.js';
import { ROLE_LABELS, type Role } from '../domain/roles.js';

/**
 * Who a reminder for these roles is for: whoever is assigned an open step owned by one of them, and the people who
 * hold the role in the release's place. A role nobody is assigned or holds is unstaffed: the release manager stands
 * in for it (they are also in when the roles name them), so someone is always pinged.
 */
export function staffing(release: Release, roles: readonly Role[], holders: RoleHolders = {}): { mentions: Actor[]; unstaffed: Role[] } {
  const ownerOf = new Map(release.model.steps.map((s) => [s.id, s.owner]));
  const people = new Map<string, Actor>();
  const unstaffed: Role[] = [];
  for (const role of roles) {
    const assigned = release.steps.flatMap((step) => (step.state === 'open' && step.assignee && ownerOf.get(step.stepId) === role ? [step.assignee] : []));
    const found = [...assigned, ...(holders[role] ?? []), ...(role === 'release_manager' ? [release.releaseManager] : [])];
    if (found.length === 0) unstaffed.push(role);
    for (const p of found) people.set(p.id, p);
  }
  if (unstaffed.length || people.size === 0) people.set(release.releaseManager.id, release.releaseManager);
  return { mentions: [...people.values()], unstaffed };
}

export function reminderMentions(release: Release, roles: readonly Role[], holders: RoleHolders = {}): Actor[] {
  return staffing(release, roles, holders).mentions;
}

/** " Nobody holds the Comms role here, so this is for the release manager: …" — empty when every role is staffed. */
export function unstaffedNote(unstaffed: readonly Role[]): string {
  if (!unstaffed.length) return '';
  const labels = unstaffed.map((r) => ROLE_LABELS[r]);
  const names = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
  return ` Nobody holds the ${names} role${unstaffed.length > 1 ? 's' : ''} here, so this is for the release manager: staff it with "roles add ${unstaffed[0]} @name".`;
}
