import { z } from 'zod';

const account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

const mention = z.object({
  type: z.literal('mention'),
  text: z.string().optional(),
  mentioned: z.object({ id: z.string(), name: z.string().optional() }),
});

/**
 * The parts of a Bot Framework activity this bot reads, as Teams sends them. Everything else passes through
 * untouched to the SDK; what we rely on is checked here, so a malformed post fails with a clear 400.
 */
export const incomingActivitySchema = z.object({
  type: z.string().min(1),
  id: z.string().min(1).optional(),
  name: z.string().optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
  serviceUrl: z.string().url(),
  channelId: z.string().min(1),
  locale: z.string().optional(),
  from: account,
  recipient: account,
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
    name: z.string().optional(),
  }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string() }).optional(),
      team: z.object({ id: z.string(), name: z.string().optional() }).optional(),
      channel: z.object({ id: z.string(), name: z.string().optional() }).optional(),
      teamsChannelId: z.string().optional(),
      teamsTeamId: z.string().optional(),
    })
    .optional(),
  entities: z.array(z.union([mention, z.object({ type: z.string() })])).optional(),
  membersAdded: z.array(account).optional(),
});

export type IncomingActivity = z.infer<typeof incomingActivitySchema>;

/** `adaptiveCard/action` invoke payload (Universal Actions). */
export const adaptiveCardInvokeSchema = z.object({
  action: z.object({
    type: z.string(),
    verb: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

export function mentionsOf(activity: IncomingActivity): Array<z.infer<typeof mention>> {
  return (activity.entities ?? []).filter((e): e is z.infer<typeof mention> => e.type === 'mention' && 'mentioned' in e);
}
