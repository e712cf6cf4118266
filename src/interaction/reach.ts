import type { Release } from '../domain/release-schema.js';
import { resolveReleaseId } from './resolve-release.js';
import type { RouteContext } from './route-context.js';
import { canReach, unknownRelease } from './visibility.js';

/** The release, if the person may reach it from where they are; otherwise the same refusal as for an unknown id. */
export async function reach(ctx: RouteContext, id: string): Promise<Release> {
  const release = await ctx.service.get(id);
  if (!(await canReach(release, ctx.origin))) throw unknownRelease(id);
  return release;
}

/** The active releases the person may reach from where they are. */
export async function reachableActive(ctx: RouteContext): Promise<Release[]> {
  const active = await ctx.service.listActive();
  const ok = await Promise.all(active.map((r) => canReach(r, ctx.origin)));
  return active.filter((_, i) => ok[i]);
}

/** The release a command means (see resolveReleaseId), among those the person may reach. */
export async function resolveReachable(ctx: RouteContext, given: string | undefined, usage: string): Promise<Release> {
  if (given) return reach(ctx, given);
  const remembered = ctx.current.get(ctx.origin.actor.id);
  const current = remembered && (await reach(ctx, remembered).then(() => true, () => false)) ? remembered : undefined;
  return reach(ctx, resolveReleaseId(undefined, await reachableActive(ctx), ctx.origin.place, current, usage));
}
