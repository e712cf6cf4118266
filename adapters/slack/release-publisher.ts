import { createHash } from 'node:crypto';
import type { types, webApi } from '@slack/bolt';
import type { ReleaseService } from '../../src/app/release-service.js';
import type { Release } from '../../src/domain/release-schema.js';
import type { Logger } from '../../src/logging/logger.js';
import type { ChecklistView } from '../../src/view/checklist-view.js';
import { CoalescingUpdater } from './coalescing-updater.js';
import { afterAck } from './after-ack.js';
import { chunkChecklist } from './render/checklist-chunks.js';
import { renderPhaseMessage, type SlackMessage } from './render/phase-message.js';
import { renderSummaryMessage } from './render/summary-message.js';

export const SUMMARY_KEY = 'summary';

/** Digests, not the blocks themselves, keep memory flat however many messages the bot has posted. */
function digest(blocks: unknown): string {
  return digestJson(JSON.stringify(blocks) ?? '');
}

function digestJson(json: string): string {
  return createHash('sha1').update(json).digest('base64');
}

/**
 * Posts a release to its channel (the summary, then the checklist in the thread, one message per phase chunk)
 * and keeps those messages in step with the store through the coalescing updater.
 */
export class ReleasePublisher {
  private readonly updater: CoalescingUpdater;
  /** A digest of what each message last showed, so a run that would change nothing costs no API call. */
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly service: ReleaseService,
    private readonly timeZone: string,
    private readonly logger: Logger,
  ) {
    this.updater = new CoalescingUpdater((releaseId, error) => logger.error('Slack message update failed', { releaseId, error }));
  }

  private render(view: ChecklistView, key: string): SlackMessage | undefined {
    if (key === SUMMARY_KEY) return renderSummaryMessage(view, this.timeZone);
    const chunk = chunkChecklist(view).find((c) => c.key === key);
    return chunk ? renderPhaseMessage(view, chunk, this.timeZone) : undefined;
  }

  /** Posts the summary and the thread; records every ts on the release so later clicks find their message. */
  async post(release: Release, channelId: string): Promise<Release> {
    const view = this.service.view(release);
    const summary = renderSummaryMessage(view, this.timeZone);
    const parent = await this.client.chat.postMessage({ channel: channelId, text: summary.text, blocks: summary.blocks, unfurl_links: false });
    const threadTs = String(parent.ts);
    const channel = String(parent.channel ?? channelId);
    // Stored at once, so a crash halfway leaves a release that knows its thread.
    let stored = await this.service.setLocation(release.id, { channelId: channel, threadId: threadTs, messageIds: { [SUMMARY_KEY]: threadTs } });
    this.shown.set(`${channel}:${threadTs}`, digest(summary.blocks));
    const messageIds: Record<string, string> = {};
    for (const chunk of chunkChecklist(view)) {
      const msg = renderPhaseMessage(view, chunk, this.timeZone);
      const posted = await this.client.chat.postMessage({ channel, thread_ts: threadTs, text: msg.text, blocks: msg.blocks, unfurl_links: false });
      messageIds[chunk.key] = String(posted.ts);
      this.shown.set(`${channel}:${String(posted.ts)}`, digest(msg.blocks));
    }
    stored = await this.service.setLocation(release.id, { messageIds });
    return stored;
  }

  /**
   * Brings the release's messages in line with the store. Every message is considered, because one change reaches
   * beyond its step (phase counts in a split phase's other part, the status line, overdue marks); only messages
   * whose rendering differs from what Slack shows are updated. Coalesced per release: while one run is updating,
   * any number of further changes collapse into one more run, which reads the store once and renders the latest state.
   */
  refresh(release: Release, known?: ChecklistView): Promise<void> {
    const loc = release.location;
    if (loc.surface !== 'slack' || !loc.messageIds[SUMMARY_KEY]) return Promise.resolve();
    return this.updater.schedule(release.id, async () => {
      // Read at run time, not at schedule time: the coalesced run must show the latest stored state. Read in a slice
      // of its own: the caller has just built a view in the current one.
      await afterAck();
      const latest = await this.service.get(release.id);
      // The caller's view is reused when nothing changed since (building a view is the costly part).
      const view = known && known.rev === latest.rev ? known : this.service.view(latest);
      const keys = [SUMMARY_KEY, ...chunkChecklist(view).map((c) => c.key)];
      let failure: { error: unknown } | undefined;
      for (const key of keys) {
        // One slice per render and one per API call, in turn: a click arriving meanwhile is acknowledged between two
        // slices, not after all of them (concurrent calls would run their request building back to back).
        await afterAck();
        const msg = this.render(view, key);
        const ts = latest.location.messageIds[key];
        if (!ts || !msg) continue;
        const json = JSON.stringify(msg.blocks);
        const seen = digestJson(json);
        if (this.shown.get(`${latest.location.channelId}:${ts}`) === seen) continue;
        await afterAck();
        // One failed message does not keep the others stale; the first failure is still reported.
        await this.update(latest.location.channelId, ts, msg.text, json, seen).catch((error: unknown) => (failure ??= { error }));
      }
      if (failure) throw failure.error;
    });
  }

  private async update(channel: string, ts: string, text: string, blocksJson: string, seen: string): Promise<void> {
    // Blocks go as the JSON string already made for the digest: that is their form-encoded wire format, and the
    // WebClient passes strings through, where for an array it would walk and stringify it again (twice more for its
    // debug lines, which it builds whatever the log level). This is the bulk of the work behind every click.
    await this.client.chat.update({ channel, ts, text, blocks: blocksJson as unknown as types.KnownBlock[] });
    this.shown.set(`${channel}:${ts}`, seen);
  }

  idle(): Promise<void> {
    return this.updater.idle();
  }
}
