import type { webApi } from '@slack/bolt';
import type { Release } from '../../src/domain/release-schema.js';
import type { ReminderMessage, ReminderSender } from '../../src/scheduler/reminder-message.js';
import { renderReminderMessage } from './render/reminder-message.js';

/** Posts reminders in the release's thread. Throws on failure so the scheduler retries with backoff. */
export function slackReminderSender(client: webApi.WebClient, timeZone: string): ReminderSender {
  return {
    async deliver(message: ReminderMessage, release: Release) {
      const loc = release.location;
      if (loc.surface !== 'slack') throw new Error(`${release.id} lives on ${loc.surface}, not Slack`);
      const msg = renderReminderMessage(message, timeZone);
      await client.chat.postMessage({
        channel: loc.channelId,
        ...(loc.threadId ? { thread_ts: loc.threadId } : {}),
        text: msg.text,
        blocks: msg.blocks,
        unfurl_links: false,
      });
    },
  };
}
