import type { Actor } from '../domain/actor.js';
import type { RoleHolders } from '../domain/gates.js';
import type { Role } from '../domain/roles.js';
import { isTerminal, type Release } from '../domain/release-schema.js';
import { isStepOverdue, stepDueAt, stepWaitsForDeployment } from '../domain/step-due-at.js';
import type { Digest, DigestRelease, DigestStep } from './digest.js';

/** A digest lists at most this many steps per release; the rest are counted. */
export const DIGEST_STEPS_PER_RELEASE = 15;

export interface DigestInput {
  releases: readonly Release[];
  holdersOf(release: Release): RoleHolders;
  now: Date;
  timeZone: string;
  /** Steps due within this are listed with the overdue ones; a day, so each digest covers until the next. */
  horizonMs: number;
}

/** Whose digest a person's is: one per person and workspace, since a Slack user id means nothing in another workspace. */
export function digestKey(d: Pick<Digest, 'surface' | 'workspaceId'> & { person: Pick<Actor, 'id'> }): string {
  return `person:${d.surface}:${d.workspaceId ?? '-'}:${d.person.id}`;
}

/**
 * Everyone's digest, from the active releases. A step is its assignee's; unassigned, it belongs to whoever holds its
 * role where the release lives (and a release-manager step to the release's manager); with nobody there, to the
 * release manager, as reminders do. Steps that wait for the deployment (due after T) are left out until it happens.
 * A person appears only when something of theirs is overdue or due before the next digest: a daily message that only
 * says "nothing due" teaches people to ignore it.
 */
export function buildDigests(input: DigestInput): Digest[] {
  const byPerson = new Map<string, Digest>();
  for (const release of input.releases) {
    if (isTerminal(release.status)) continue;
    const holders = input.holdersOf(release);
    const mine = new Map<string, { person: Actor; steps: DigestStep[]; later: number }>();
    release.model.steps.forEach((def, i) => {
      const state = release.steps[i];
      if (state?.state !== 'open' || stepWaitsForDeployment(release, def)) return;
      const due = stepDueAt(release, def, input.timeZone);
      const overdue = isStepOverdue(release, def, 'open', input.now, input.timeZone);
      const soon = !overdue && due !== undefined && due.getTime() - input.now.getTime() <= input.horizonMs;
      for (const { person, why } of owners(release, def.owner, state.assignee, holders)) {
        const entry = mine.get(person.id) ?? { person, steps: [], later: 0 };
        mine.set(person.id, entry);
        if (overdue || soon) entry.steps.push({ number: i + 1, title: def.title, ...(due ? { dueAt: due.toISOString() } : {}), overdue, why });
        else entry.later++;
      }
    });
    for (const { person, steps, later } of mine.values()) {
      if (steps.length === 0) continue;
      const ordered = [...steps.filter((s) => s.overdue), ...steps.filter((s) => !s.overdue)];
      const listed = ordered.slice(0, DIGEST_STEPS_PER_RELEASE);
      const entry: DigestRelease = {
        releaseId: release.id,
        title: release.title,
        plannedAt: release.plannedAt,
        ...(release.deployedAt ? { deployedAt: release.deployedAt } : {}),
        steps: listed,
        moreOpen: later + ordered.length - listed.length,
      };
      const base = { person, surface: release.location.surface, ...(release.location.workspaceId ? { workspaceId: release.location.workspaceId } : {}) };
      const key = digestKey(base);
      const digest = byPerson.get(key) ?? { ...base, via: release.location, releases: [], overdue: 0, dueSoon: 0 };
      digest.releases.push(entry);
      digest.overdue += steps.filter((s) => s.overdue).length;
      digest.dueSoon += steps.filter((s) => !s.overdue).length;
      byPerson.set(key, digest);
    }
  }
  return [...byPerson.values()];
}

function owners(release: Release, role: Role, assignee: Actor | undefined, holders: RoleHolders): Array<{ person: Actor; why: DigestStep['why'] }> {
  if (assignee) return [{ person: assignee, why: 'assigned' }];
  const people = [...(holders[role] ?? []), ...(role === 'release_manager' ? [release.releaseManager] : [])];
  const unique = people.filter((p, i) => people.findIndex((q) => q.id === p.id) === i);
  if (unique.length) return unique.map((person) => ({ person, why: 'role' as const }));
  return [{ person: release.releaseManager, why: 'unstaffed' }];
}
