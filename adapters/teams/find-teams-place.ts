import type { Place, ReleaseReads } from '../../src/index.js';
import type { Where } from '../api/api-routes.js';
import { storedRefSchema, type StoredRef } from './conversation-ref.js';

const base = (id: string) => id.replace(/;messageid=.*$/, '');

/**
 * A Teams conversation a pipeline named, as a place: only one the bot already knows, from a release that lives there,
 * since the bot needs the conversation's service URL and tenant to post, which only Teams' own activities tell it.
 * A channel gets its release as a new reply chain.
 */
export function teamsPlaceFinder(service: ReleaseReads) {
  return async (where: Where): Promise<Place | { refused: string } | undefined> => {
    const wanted = where.teams?.conversationId;
    if (!wanted) return undefined;
    const releases = await service.listActive();
    let known: StoredRef | undefined;
    for (const r of releases) {
      const ref = storedRefSchema.safeParse(r.location.conversationRef);
      if (r.location.surface === 'teams' && ref.success && base(ref.data.conversation.id) === base(wanted)) known = ref.data;
    }
    if (!known) return { refused: `The bot knows no Teams conversation ${wanted.slice(0, 80)}: start a release there from Teams once, and pipelines can post there.` };
    const ref: StoredRef = { ...known, conversation: { ...known.conversation, id: base(wanted) } };
    const tenant = known.tenantId ?? known.conversation.tenantId;
    return { surface: 'teams', ...(tenant ? { workspaceId: tenant } : {}), channelId: base(wanted), ref };
  };
}
