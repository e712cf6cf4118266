import type { webApi } from '@slack/bolt';
import type { ChatLocation, Digest, Release, ReleaseReads, ReminderMessage, ReminderSender } from '../../src/index.js';
import { renderDigestMessage } from './render/digest-message.js';
import { slackUserId } from './render/mrkdwn.js';
import { renderReminderMessage } from './render/reminder-message.js';

/** How long a reminder waits for its release's thread to be posted (an overdue reminder fires as the release starts). */
const THREAD_WAIT_MS = 5000;
const POLL_MS = 50;

const posted = (loc: ChatLocation) => Object.keys(loc.messageIds).some((k) => k.startsWith('phase:'));

/**
 * The release's thread. A reminder that is overdue at creation is due while the thread is still being posted;
 * it waits for the checklist (so it follows it in the thread, never lands loose in the channel), and fails, so the
 * scheduler retries, if the release never got a thread.
 */
async function threadOf(service: ReleaseReads, release: Release): Promise<ChatLocation & { threadId: string }> {
  let loc = release.location;
  // Only a release that is being posted right now is worth waiting for; an old one without a thread will not get one.
  const young = Date.now() - Date.parse(release.createdAt) < 60_000;
  for (const until = Date.now() + (young ? THREAD_WAIT_MS : 0); !posted(loc) && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    loc = (await service.get(release.id)).location;
  }
  if (!loc.threadId) throw new Error(`${release.id} has no Slack thread yet (was it posted in <#${loc.channelId}>?)`);
  return { ...loc, threadId: loc.threadId };
}

/** Posts reminders in the release's thread. Throws on failure so the scheduler retries with backoff. */
export function slackReminderSender(client: webApi.WebClient, service: ReleaseReads, timeZone: string): ReminderSender {
  return {
    async deliver(message: ReminderMessage, release: Release) {
      if (release.location.surface !== 'slack') throw new Error(`${release.id} lives on ${release.location.surface}, not Slack`);
      const loc = await threadOf(service, release);
      const msg = renderReminderMessage(message, timeZone);
      await client.chat.postMessage({ channel: loc.channelId, thread_ts: loc.threadId, text: msg.text, blocks: msg.blocks, unfurl_links: false });
    },
    /** In the person's DM with the bot; a digest for someone without a Slack id (a console name) cannot be delivered. */
    async deliverDigest(digest: Digest) {
      const user = slackUserId(digest.person);
      if (!user) throw new Error(`${digest.person.name} has no Slack user id to send a digest to`);
      const im = await client.conversations.open({ users: user });
      const channel = im.channel?.id;
      if (!channel) throw new Error(`conversations.open gave no DM channel for ${user}`);
      const msg = renderDigestMessage(digest, timeZone, 'Your daily digest. `/release digest off` stops it.');
      await client.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks, unfurl_links: false });
    },
  };
}
