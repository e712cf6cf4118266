import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import type { CloudAdapter, ConnectorClient } from '@microsoft/agents-hosting';
import { z } from 'zod';
import type { Logger } from '../../src/index.js';
import { CARD_CONTENT_TYPE, type AdaptiveCard } from './cards/card-types.js';
import { plain } from './cards/elements.js';
import type { StoredRef } from './conversation-ref.js';
import { CONNECTOR_RETRY, withRetry } from './with-retry.js';

export interface OutgoingMessage {
  card?: AdaptiveCard;
  text?: string;
}

/** The app id when credentials are set; in anonymous mode an identity without audience, so no token is fetched. */
export type BotIdentity = Parameters<CloudAdapter['continueConversation']>[0];

const memberSchema = z.object({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() });
const pageSchema = z.object({ members: z.array(memberSchema).default([]), continuationToken: z.string().nullish() });
export type Member = z.infer<typeof memberSchema>;
const createdSchema = z.object({ id: z.string().min(1) });

/** Teams reads a message's text as markdown too: it gets the same escaping as text on cards (it echoes what people typed). */
export function toActivity(message: OutgoingMessage, id?: string): Activity {
  return Activity.fromObject({
    type: 'message',
    ...(id ? { id } : {}),
    ...(message.text ? { text: plain(message.text, 4000) } : {}),
    ...(message.card ? { attachments: [{ contentType: CARD_CONTENT_TYPE, content: message.card }] } : {}),
  });
}

export function toSdkRef(ref: StoredRef): ConversationReference {
  return {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    conversation: { ...ref.conversation, isGroup: ref.conversation.isGroup ?? false },
    agent: { id: ref.bot.id, name: ref.bot.name ?? '' },
  } as ConversationReference;
}

interface Calls {
  post(a: Activity): Promise<string | undefined>;
  update(a: Activity): Promise<void>;
  client: ConnectorClient;
}

/**
 * Posts and updates messages outside the current turn (in a release's thread, from a reminder, after an
 * action elsewhere), and reads conversation rosters, through the SDK's proactive path, with throttling retries.
 */
export class TeamsConnector {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly identity: BotIdentity,
    private readonly logger: Logger,
  ) {}

  private async within<T>(ref: StoredRef, work: (calls: Calls) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    const sdkRef = toSdkRef(ref);
    await this.adapter.continueConversation(this.identity, sdkRef, async (context) => {
      // Caught here because the adapter hands turn errors to onTurnError and resolves; the caller must see them to retry.
      try {
        // Straight to the adapter: TurnContext would make every post a reply to the continuation event's
        // made-up id. Without replyToId the message goes to the conversation, i.e. the stored reply chain.
        const prepare = (a: Activity) => {
          a.applyConversationReference(sdkRef);
          a.replyToId = undefined;
          // Teams routes proactive messages by tenant as well as conversation.
          if (ref.tenantId) a.channelData = { ...(a.channelData as object | undefined), tenant: { id: ref.tenantId } };
          return a;
        };
        outcome = {
          ok: true,
          value: await work({
            post: async (a) => (await context.adapter.sendActivities(context, [prepare(a)]))[0]?.id,
            update: async (a) => void (await context.adapter.updateActivity(context, prepare(a))),
            client: context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey),
          }),
        };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (!outcome) throw new Error(`The proactive turn to ${ref.conversation.id} did not run`);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async post(ref: StoredRef, message: OutgoingMessage): Promise<string> {
    const id = await withRetry(() => this.within(ref, (c) => c.post(toActivity(message))), this.retryOptions('post'));
    if (!id) throw new Error(`Bot Connector returned no message id for a post to ${ref.conversation.id}`);
    return id;
  }

  async update(ref: StoredRef, messageId: string, message: OutgoingMessage): Promise<void> {
    await withRetry(() => this.within(ref, (c) => c.update(toActivity(message, messageId))), this.retryOptions('update'));
  }

  /** Everyone in a conversation (a chat; for a channel, its team or, for a private channel, its own members), page by page. */
  async members(ref: StoredRef, conversationId: string): Promise<Member[]> {
    const url = `/v3/conversations/${encodeURIComponent(conversationId)}/pagedmembers`;
    return withRetry(() => this.within(ref, async ({ client }) => {
      const members: Member[] = [];
      let continuationToken: string | undefined;
      do {
        const page = pageSchema.parse((await client.httpClient.get(url, { params: { pageSize: '500', continuationToken } })).data);
        members.push(...page.members);
        continuationToken = page.continuationToken ?? undefined;
      } while (continuationToken);
      return members;
    }), this.retryOptions('members'));
  }

  /**
   * The bot's personal chat with one person, created (or found: Teams answers the existing one) from a reference to
   * any conversation in their tenant. Teams refuses it while the app is not installed for that person.
   */
  async personalChat(ref: StoredRef, userId: string): Promise<StoredRef> {
    const body = {
      bot: { id: ref.bot.id },
      members: [{ id: userId }],
      isGroup: false,
      ...(ref.tenantId ? { tenantId: ref.tenantId, channelData: { tenant: { id: ref.tenantId } } } : {}),
    };
    const answer = await withRetry(
      () => this.within(ref, async ({ client }) => createdSchema.parse((await client.httpClient.request({ method: 'post', url: '/v3/conversations', headers: { 'Content-Type': 'application/json' }, data: body })).data)),
      this.retryOptions('create personal chat'),
    );
    return { ...ref, conversation: { id: answer.id, conversationType: 'personal', isGroup: false, ...(ref.tenantId ? { tenantId: ref.tenantId } : {}) } };
  }

  private retryOptions(what: string) {
    return { ...CONNECTOR_RETRY, onRetry: (attempt: number, status: number, waitMs: number) => this.logger.warn('Bot Connector throttled or failed; retrying', { what, attempt, status, waitMs }) };
  }
}
