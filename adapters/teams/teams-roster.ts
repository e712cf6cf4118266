import { TtlCache, type Actor, type ChatLocation, type Logger } from '../../src/index.js';
import { parseStoredRef } from './conversation-ref.js';
import type { Member, TeamsConnector } from './teams-connector.js';

/**
 * Who is in a conversation, as the Bot Connector says, kept for a minute (500 conversations at most): a burst of
 * clicks costs one lookup, and someone removed loses access within it. It decides who may reach a release from outside its conversation, and who
 * an @mention is. People are matched by AAD object id, the identity they act with.
 */
export class TeamsRoster {
  private readonly cache = new TtlCache<Member[]>(60_000, 500);

  constructor(private readonly connector: TeamsConnector, private readonly logger: Logger) {}

  /** Whether the person is in the release's conversation. When the roster cannot be read: no, and a warning. */
  async canSee(person: { id: string; aadObjectId?: string | undefined }, location: ChatLocation): Promise<boolean> {
    const members = await this.members(location.conversationRef, location.channelId);
    return members.some((m) => (person.aadObjectId ? m.aadObjectId === person.aadObjectId : m.id === person.id));
  }

  /** A mentioned person as they act ("teams:<AAD object id>"); the mention's own id only when the roster does not know them. */
  async identify(mentioned: { id: string; name: string }, ref: unknown, conversationId: string): Promise<Actor> {
    const member = (await this.members(ref, conversationId)).find((m) => m.id === mentioned.id || m.aadObjectId === mentioned.id);
    return { id: `teams:${member?.aadObjectId ?? mentioned.id}`, name: mentioned.name };
  }

  /** An unreadable roster counts as empty for the cache's minute too, so a burst of clicks retries and warns once. */
  private async members(ref: unknown, conversationId: string): Promise<Member[]> {
    const stored = (() => {
      try {
        return parseStoredRef(ref, conversationId);
      } catch {
        return undefined;
      }
    })();
    if (!stored) return [];
    return this.cache.get(`${stored.serviceUrl} ${conversationId}`, () =>
      this.connector.members(stored, conversationId).catch((error: unknown) => {
        this.logger.warn('Could not read a Teams conversation roster; nobody is taken to be in it for a minute', { conversationId, error });
        return [];
      }),
    );
  }
}
