import type { Actor } from '../domain/actor.js';
import { localActor } from '../domain/local-actor.js';
import { ReleaseError } from '../domain/release-error.js';
import { TEXT_LIMITS, typedText } from '../domain/text-limits.js';
import type { PersonRef } from './intent.js';
import type { RouteContext } from './route-context.js';

/**
 * Whom a command names. A surface that identified them (a Slack user, a Teams mention) passes them on; a typed name
 * is "me", someone the surface identifies, a console name, or someone already known by that name (`known`).
 */
export async function resolvePerson(ref: PersonRef, ctx: RouteContext, field: string, known: () => Promise<Actor[]> = async () => []): Promise<Actor> {
  if ('actor' in ref) return ref.actor;
  const name = typedText(ref.name, { field, max: TEXT_LIMITS.personName, what: 'name', required: 'Name the person.' })!;
  if (/^me$/i.test(name)) return ctx.origin.actor;
  const identified = await ctx.origin.identify?.(name);
  if (identified) return identified;
  if (ctx.origin.place.surface === 'console') return localActor(name);
  const match = (await known()).find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (match) return match;
  throw new ReleaseError('invalid', `I do not know "${name}" yet: @mention them so I know exactly who it is.`, field);
}
