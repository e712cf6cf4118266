import { ReleaseError } from '../../../../src/app/release-error.js';
import type { Release } from '../../../../src/domain/release-schema.js';
import type { SlackDeps } from '../../slack-deps.js';

/** The named release, or the one active release in this channel when no id was given. */
export async function releaseInChannel(deps: SlackDeps, channelId: string, releaseId: string | undefined, verb: string): Promise<Release> {
  if (releaseId) return deps.service.get(releaseId);
  const here = (await deps.service.listActive()).filter((r) => r.location.surface === 'slack' && r.location.channelId === channelId);
  if (here.length === 1 && here[0]) return here[0];
  const ids = here.map((r) => r.id).join(', ');
  throw new ReleaseError(
    'invalid',
    here.length === 0
      ? `No active release lives in this channel: add the release id, e.g. \`/release ${verb} R-42\`.`
      : `Several releases are active in this channel (${ids}): add the id, e.g. \`/release ${verb} ${here[0]?.id ?? 'R-42'}\`.`,
    'release',
  );
}
