import type { webApi } from '@slack/bolt';
import { TtlCache, type Actor, type Logger } from '../../src/index.js';

/** Surface-qualified ids keep Slack people apart from console or Teams people with the same name. */
export function slackActor(user: { id: string; name?: string | undefined; username?: string | undefined }): Actor {
  return { id: `slack:${user.id}`, name: user.name || user.username || user.id };
}

/**
 * Who people are and who is in a channel, asked of Slack on the request path and kept briefly (names 10 minutes,
 * channel members 60 seconds), so a burst of clicks costs one call and a change is seen soon.
 */
export class SlackDirectory {
  private readonly names = new TtlCache<string>(10 * 60_000);
  private readonly members = new TtlCache<ReadonlySet<string>>(60_000);
  private readonly warned = new Set<string>();

  constructor(private readonly client: webApi.WebClient, private readonly logger: Logger) {}

  /** A person with the name Slack shows (users.info); `fallback`, else the id, when Slack does not say. */
  async person(userId: string, fallback?: string): Promise<Actor> {
    const name = await this.names
      .get(userId, async () => {
        const { user } = await this.client.users.info({ user: userId });
        return user?.profile?.display_name || user?.real_name || user?.name || '';
      })
      .catch((error: unknown) => void this.logger.warn('users.info failed; using the name the request carried', { user: userId, error }));
    return slackActor({ id: userId, name: name || fallback });
  }

  /**
   * Whether the person is in the channel (conversations.members, every page). When Slack refuses (a missing scope,
   * a private channel the bot is not in) the answer is no, never a leak, and the refusal is logged once per reason.
   */
  async inChannel(channelId: string, userId: string): Promise<boolean> {
    const members = await this.members.get(channelId, async () => {
      const ids = new Set<string>();
      try {
        for await (const page of this.client.paginate('conversations.members', { channel: channelId, limit: 1000 })) for (const id of (page as { members?: string[] }).members ?? []) ids.add(id);
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
        if (!this.warned.has(code)) this.logger.warn('Slack refused conversations.members: people outside a release\'s channel cannot reach it from App Home or a DM (needs channels:read, groups:read, and the bot in private channels)', { code, channel: channelId });
        this.warned.add(code);
        return new Set<string>();
      }
      return ids;
    });
    return members.has(userId);
  }
}
