import type { RoleHolders } from '../domain/gates.js';
import type { Release } from '../domain/release-schema.js';
import { buildDigests } from './build-digests.js';
import type { Digest } from './digest.js';

export const DIGEST_HORIZON_MS = 24 * 3_600_000;

/** Everyone's digest as of `now`, reading each release's place roles once. */
export async function collectDigests(input: { releases: readonly Release[]; rolesFor(release: Release): Promise<RoleHolders>; now: Date; timeZone: string }): Promise<Digest[]> {
  const holders = new Map<Release, RoleHolders>();
  for (const r of input.releases) holders.set(r, await input.rolesFor(r));
  return buildDigests({ releases: input.releases, holdersOf: (r) => holders.get(r) ?? {}, now: input.now, timeZone: input.timeZone, horizonMs: DIGEST_HORIZON_MS });
}
