import type { webApi } from '@slack/bolt';
import { renderPhrase, type ChangeEvent, type ChangeListener } from '../../src/index.js';
import type { SlackDeps } from './slack-deps.js';
import type { SliceQueue } from './slice-queue.js';
import { postRelease } from './post-release.js';
import { escapeText, mention, slackUserId } from './render/mrkdwn.js';

/**
 * The Slack side of the after-change port, for releases that live in Slack, whichever surface changed them: a new
 * release is posted; any other change brings its messages up to date and, when the core says so, is announced in
 * the release's thread, naming the person.
 */
export function followChanges(deps: SlackDeps, upkeep: webApi.WebClient, slices: SliceQueue): ChangeListener {
  const announce = async ({ release, message }: ChangeEvent) => {
    const { channelId, threadId } = release.location;
    if (!threadId) return;
    const text = await slices.slice(() => renderPhrase(message, escapeText, mention));
    await slices.start(() => upkeep.chat.postMessage({ channel: channelId, thread_ts: threadId, text, unfurl_links: false }));
  };
  return async (event) => {
    const { release } = event;
    if (release.location.surface !== 'slack') return;
    if (event.kind === 'create') return postRelease(deps, release, release.location.channelId, slackUserId(event.actor), event.view);
    await Promise.all([deps.publisher.refresh(release, event.view), event.announce ? announce(event) : undefined]);
  };
}
