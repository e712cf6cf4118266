import type { Release } from '../../src/domain/release-schema.js';
import type { SlackDeps } from './slack-deps.js';
import { SUMMARY_KEY } from './release-publisher.js';

/** Slack error codes that mean "the bot may not post there", which the person can fix by inviting it. */
const NOT_ALLOWED = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Posts a started release unless it is already posted (a repeated submission). When Slack refuses the channel,
 * the person who started it gets a direct message saying how to fix it; the release itself is kept.
 */
export async function postRelease(deps: SlackDeps, release: Release, channelId: string, userId: string): Promise<void> {
  if (release.location.messageIds[SUMMARY_KEY]) return;
  try {
    await deps.publisher.post(release, channelId);
  } catch (error) {
    const code = slackErrorCode(error);
    if (!code || !NOT_ALLOWED.has(code)) throw error;
    deps.logger.warn('Slack refused to post a release', { releaseId: release.id, channel: channelId, code });
    await deps.client.chat.postMessage({
      channel: userId,
      text: `I started ${release.id} (${release.title}) but cannot post in <#${channelId}> (${code}). Invite me there with \`/invite @Release Bot\`, then type \`/release status ${release.id}\` in that channel and I will post the checklist.`,
    });
  }
}
