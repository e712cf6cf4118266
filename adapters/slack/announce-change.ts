import type { ActionResult } from '../../src/app/release-service.js';
import type { Actor } from '../../src/domain/actor.js';
import type { SlackDeps } from './slack-deps.js';
import { mention } from './render/mrkdwn.js';

/**
 * After a release-level change (deploy, reschedule, cancel, close): the summary and thread catch up through the
 * coalescing updater, and the thread gets a visible line saying who did what. A repeat that changed nothing says nothing.
 */
export async function announceChange(deps: SlackDeps, actor: Actor, result: ActionResult): Promise<void> {
  await deps.publisher.refresh(result.release, result.view);
  const loc = result.release.location;
  if (result.changed && loc.surface === 'slack' && loc.threadId) {
    await deps.client.chat.postMessage({ channel: loc.channelId, thread_ts: loc.threadId, text: `${mention(actor)}: ${result.message}` });
  }
}
