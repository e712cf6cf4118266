import { z } from 'zod';
import type { IncomingActivity } from './incoming-activity.js';

/**
 * What we store in release.location.conversationRef: enough to post into the release's reply chain later,
 * after restarts. `conversation.id` carries ";messageid=<root>" for a channel thread, so posts land in it.
 */
export const storedRefSchema = z.object({
  serviceUrl: z.string().url(),
  channelId: z.string(),
  conversation: z.object({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: z.object({ id: z.string(), name: z.string().optional() }),
  tenantId: z.string().optional(),
});

export type StoredRef = z.infer<typeof storedRefSchema>;

const MESSAGE_ID = /;messageid=(\d+|[^;]+)$/;

/** Where a conversation sits: the base conversation (channel or chat) and the reply chain's root in channels. */
export function threadOf(activity: IncomingActivity): { channelId: string; threadId?: string; conversationId: string } {
  const id = activity.conversation.id;
  const match = MESSAGE_ID.exec(id);
  const base = match ? id.slice(0, match.index) : id;
  if (activity.conversation.conversationType !== 'channel') return { channelId: id, conversationId: id };
  // A root channel post arrives without ";messageid="; its own id is then the root of the new reply chain.
  const root = match?.[1] ?? (activity.type === 'message' && !activity.replyToId ? activity.id : undefined);
  return root ? { channelId: base, threadId: root, conversationId: `${base};messageid=${root}` } : { channelId: base, conversationId: id };
}

export function refFromActivity(activity: IncomingActivity): StoredRef {
  const tenantId = activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
  return {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversation: {
      id: threadOf(activity).conversationId,
      ...(activity.conversation.conversationType ? { conversationType: activity.conversation.conversationType } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(activity.conversation.isGroup !== undefined ? { isGroup: activity.conversation.isGroup } : {}),
    },
    bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
    ...(tenantId ? { tenantId } : {}),
  };
}

export function parseStoredRef(value: unknown, releaseId: string): StoredRef {
  const parsed = storedRefSchema.safeParse(value);
  if (!parsed.success) throw new Error(`Release ${releaseId} has no usable Teams conversation reference: ${parsed.error.message}`);
  return parsed.data;
}
