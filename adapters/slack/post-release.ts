import { reportUnexpected, type ChecklistView, type Release } from '../../src/index.js';
import type { SlackDeps } from './slack-deps.js';
import { SUMMARY_KEY } from './release-publisher.js';
import { escapeText } from './render/mrkdwn.js';

/** Slack error codes that mean "the bot may not post there", which the person can fix by inviting it. */
const NOT_ALLOWED = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Posts a started release unless it is already posted. The release is stored whatever happens here, so when Slack
 * refuses the channel, or posting fails, the person who started it is told in a direct message that it exists and
 * how to get its checklist posted.
 */
export async function postRelease(deps: SlackDeps, release: Release, channelId: string, starterId: string | undefined, view?: ChecklistView): Promise<void> {
  if (release.location.messageIds[SUMMARY_KEY]) return;
  try {
    await deps.publisher.post(release, channelId, view);
  } catch (error) {
    const code = slackErrorCode(error);
    const started = `I started ${release.id} (${escapeText(release.title)})`;
    let text: string;
    if (code && NOT_ALLOWED.has(code)) {
      deps.logger.warn('Slack refused to post a release', { releaseId: release.id, channel: channelId, code });
      text = `${started} but cannot post in <#${channelId}> (${code}). Invite me there with \`/invite @Release Bot\`, then type \`/release status ${release.id}\` in that channel and I will post the checklist.`;
    } else {
      const { ref } = reportUnexpected(error, deps.logger, { releaseId: release.id, channel: channelId, step: 'post release' });
      text = `${started}, but posting it in <#${channelId}> failed (ref ${ref}). The release is recorded: \`/release status ${release.id}\` in that channel shows its checklist.`;
    }
    if (!starterId) return;
    await deps.client.chat.postMessage({ channel: starterId, text }).catch((dmError: unknown) => deps.logger.warn('Could not tell the starter about an unposted release', { releaseId: release.id, error: dmError }));
  }
}
