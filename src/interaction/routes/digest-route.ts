import { digestKey } from '../../digest/build-digests.js';
import { collectDigests } from '../../digest/collect-digests.js';
import type { Release } from '../../domain/release-schema.js';
import { placeKey } from '../place-key.js';
import type { RouteTable } from '../route-context.js';

/** "09:00 UTC": when the digest goes out, in the team's zone. */
function atText(at: { hour: number; minute: number } | undefined, timeZone: string): string | undefined {
  return at ? `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')} ${timeZone}` : undefined;
}

/**
 * The person's digest now, or their choice to get it daily or not. The choice is theirs alone and kept per
 * workspace, like the digest itself; it needs no role.
 */
export const digestRoute: RouteTable['digest'] = async (intent, ctx) => {
  const { actor, place } = ctx.origin;
  const key = digestKey({ surface: place.surface, ...(place.workspaceId ? { workspaceId: place.workspaceId } : {}), person: actor });
  const at = atText(ctx.digestAt, ctx.timeZone);
  if (intent.change) {
    const off = intent.change === 'off';
    const changedAt = ctx.clock.now().toISOString();
    await ctx.places.update(key, (current) => ({ record: { ...current, digest: { ...current.digest, off, changedAt } }, result: undefined }));
    const message = off
      ? 'Your daily digest is off. "digest" still shows it whenever you ask; "digest on" starts it again.'
      : at
        ? `Your daily digest is on: it comes at ${at} when something of yours is overdue or due within a day.`
        : 'Your daily digest is on, but this bot sends none (DIGEST_AT is off); "digest" shows it whenever you ask.';
    return { kind: 'digest', off, ...(at ? { at } : {}), message };
  }
  const rolesFor = async (release: Release) => (await ctx.places.get(placeKey(release.location))).roles;
  const all = await collectDigests({ releases: await ctx.service.listActive(), rolesFor, now: ctx.clock.now(), timeZone: ctx.timeZone });
  const digest = all.find((d) => digestKey(d) === key);
  const off = (await ctx.places.get(key)).digest?.off ?? false;
  return { kind: 'digest', off, ...(at ? { at } : {}), ...(digest ? { digest } : {}) };
};
