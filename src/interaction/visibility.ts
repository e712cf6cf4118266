import { ReleaseError } from '../domain/release-error.js';
import type { Release } from '../domain/release-schema.js';
import { sameActor } from '../domain/actor.js';
import type { Origin } from './origin.js';

/** The answer for a release the person may not reach is the answer for one that does not exist, so ids leak nothing. */
export function unknownRelease(id: string): ReleaseError {
  return new ReleaseError('not_found', `There is no release ${id}. Type "list" to see the active releases.`, 'release');
}

/**
 * Whether the person may read or change the release. A release belongs to the place it was started: its surface and
 * workspace (Slack team or enterprise, Teams tenant), and its channel or conversation. From that channel anyone in it
 * may; from elsewhere in the same workspace (a DM, App Home, a personal chat) only people who can see the channel,
 * as the surface checks through `origin.canSee`. The console is the local operator's and reaches the whole store. A
 * pipeline reaches the releases of the API, those it started, and those of the workspace its token is scoped to.
 * Releases stored before workspaces were recorded have none: they answer in their own channel only.
 */
export async function canReach(release: Release, origin: Origin): Promise<boolean> {
  const { place } = origin;
  const loc = release.location;
  if (place.surface === 'console') return true;
  if (place.surface === 'api') return loc.surface === 'api' || sameActor(release.requester, origin.actor) || (origin.scope !== undefined && loc.surface === origin.scope.surface && loc.workspaceId === origin.scope.workspaceId);
  if (loc.surface !== place.surface) return false;
  // Stored before workspaces were recorded: reachable from its own channel only, never through a membership check.
  if (loc.workspaceId === undefined) return loc.channelId === place.channelId;
  if (loc.workspaceId !== place.workspaceId) return false;
  if (loc.channelId === place.channelId) return true;
  return (await origin.canSee?.(loc)) ?? false;
}

/** The releases a report asked from chat may count: those of the asker's own surface and workspace (all on the console). */
export function inWorkspace(origin: Origin): ((release: Release) => boolean) | undefined {
  const { place } = origin;
  if (place.surface === 'console') return undefined;
  if (place.surface === 'api') return (r) => r.location.surface === 'api';
  return (r) => r.location.surface === place.surface && r.location.workspaceId !== undefined && r.location.workspaceId === place.workspaceId;
}
