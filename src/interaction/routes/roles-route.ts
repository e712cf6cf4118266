import { sameActor } from '../../domain/actor.js';
import { person, phrase, type Phrase } from '../../domain/phrase.js';
import { ReleaseError } from '../../domain/release-error.js';
import { TEAM_ROLE_LABELS, TEAM_ROLES, type TeamRole } from '../../domain/team-roles.js';
import type { PlaceRecord } from '../../storage/place-store.js';
import { placeKey } from '../place-key.js';
import type { RouteTable } from '../route-context.js';
import { resolvePerson } from '../resolve-person.js';

const isRole = (r: string): r is TeamRole => (TEAM_ROLES as readonly string[]).includes(r);

function listing(record: PlaceRecord): Phrase[] {
  return TEAM_ROLES.map((role) => {
    const people = record.roles[role] ?? [];
    if (!people.length) return [`${TEAM_ROLE_LABELS[role]}: nobody`];
    return [`${TEAM_ROLE_LABELS[role]}: `, ...people.flatMap((p, i) => (i ? [', ', { person: p }] : [{ person: p }]))];
  });
}

/**
 * Who holds which role in this place, and changes to it. While nobody holds release_manager here, anyone here may
 * change the roles (someone has to start); after that, only release managers may. Every change is audited.
 */
export const rolesRoute: RouteTable['roles'] = async (intent, ctx) => {
  const key = placeKey(ctx.origin.place);
  const change = intent.change;
  if (!change) return { kind: 'notice', title: 'Roles here', lines: listing(await ctx.places.get(key)), change: 'roles' };
  if (!isRole(change.role)) throw new ReleaseError('invalid', `"${change.role.slice(0, 40)}" is not a role: ${TEAM_ROLES.join(', ')}.`, 'role');
  const people = await Promise.all(change.people.map((p) => resolvePerson(p, ctx, 'person')));
  const actor = ctx.origin.actor;
  const now = ctx.clock.now().toISOString();
  const role = change.role;
  const result = await ctx.places.update(key, (current) => {
    const managers = current.roles.release_manager ?? [];
    if (managers.length && !managers.some((m) => sameActor(m, actor))) {
      throw new ReleaseError('forbidden', `Only the release managers here (${managers.map((m) => m.name).join(', ')}) can change the roles.`);
    }
    const holders = current.roles[role] ?? [];
    const next =
      change.op === 'add'
        ? [...holders, ...people.filter((p, i) => !holders.some((h) => sameActor(h, p)) && people.findIndex((q) => sameActor(q, p)) === i)]
        : holders.filter((h) => !people.some((p) => sameActor(h, p)));
    const touched = change.op === 'add' ? next.slice(holders.length) : holders.filter((h) => !next.includes(h));
    if (!touched.length) return { result: { changed: false, record: current } };
    const audit = touched.map((p) => ({ at: now, actor, action: change.op === 'add' ? ('role_add' as const) : ('role_remove' as const), role, person: p }));
    const record: PlaceRecord = { ...current, roles: { ...current.roles, [role]: next }, audit: [...current.audit, ...audit] };
    return { record, result: { changed: true, record } };
  });
  const names: Phrase = result.changed ? people.flatMap((p, i) => (i ? [', ', person(p)] : [person(p)])) : ['nobody new'];
  const head = phrase`${TEAM_ROLE_LABELS[role]}: ${change.op === 'add' ? 'added' : 'removed'} `;
  return { kind: 'notice', title: 'Roles here', lines: [[...head, ...names, ...phrase` (by ${person(actor)}).`], ...listing(result.record)], change: 'roles' };
};
