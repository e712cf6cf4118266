import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Place } from '../../src/index.js';
import type { Where } from '../api/api-routes.js';

const infoSchema = z.object({ ok: z.boolean(), channel: z.object({ id: z.string(), name: z.string().optional(), is_member: z.boolean().optional(), is_archived: z.boolean().optional() }).optional() });

/**
 * The Slack channel a pipeline named, as a place a release can live in: it must exist in this workspace and have the
 * bot in it (it is where the checklist is posted and where people will click). Anything else is refused, and nothing
 * is created.
 */
export function slackPlaceFinder(client: webApi.WebClient, workspaceId: string | undefined) {
  return async (where: Where): Promise<Place | { refused: string } | undefined> => {
    const channel = where.slack?.channel;
    if (!channel) return undefined;
    if (!workspaceId) return { refused: 'The Slack workspace is unknown (auth.test named no team), so no release can be posted there.' };
    const info = infoSchema.parse(await client.conversations.info({ channel }).catch((error: { data?: unknown }) => error.data ?? { ok: false }));
    if (!info.ok || !info.channel) return { refused: `Slack knows no channel ${channel} in this workspace.` };
    if (info.channel.is_archived) return { refused: `The Slack channel ${channel} is archived.` };
    if (!info.channel.is_member) return { refused: `The bot is not in the Slack channel ${channel}${info.channel.name ? ` (#${info.channel.name})` : ''}: invite it there first.` };
    return { surface: 'slack', workspaceId, channelId: channel };
  };
}
