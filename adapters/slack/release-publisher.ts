import type { types, webApi } from '@slack/bolt';
import { type RenderLedger, RenderCoalescer, type ChecklistView, type Logger, type Release, type ReleaseReads, type Render } from '../../src/index.js';
import type { SliceQueue } from './slice-queue.js';
import { chunkChecklist } from './render/checklist-chunks.js';
import { renderPhaseMessage, type SlackMessage } from './render/phase-message.js';
import { renderSummaryMessage } from './render/summary-message.js';

export const SUMMARY_KEY = 'summary';

/**
 * Posts a release to its channel (the summary, then the checklist in the thread, one message per phase chunk) and
 * keeps those messages in step with the release through the core's render coalescer, one lane per message.
 */
export class ReleasePublisher {
  private readonly coalescer: RenderCoalescer;
  private readonly posting = new Map<string, Promise<Release>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly service: ReleaseReads,
    private readonly timeZone: string,
    logger: Logger,
    private readonly slices: SliceQueue,
    renders: RenderLedger,
  ) {
    this.coalescer = new RenderCoalescer((message, error) => logger.error('Slack message update failed', { message, error }), renders);
  }

  private render(view: ChecklistView, key: string): SlackMessage | undefined {
    if (key === SUMMARY_KEY) return renderSummaryMessage(view, this.timeZone);
    const chunk = chunkChecklist(view).find((c) => c.key === key);
    return chunk ? renderPhaseMessage(view, chunk, this.timeZone) : undefined;
  }

  /** Posts the summary and the thread once, however often it is asked to; records every ts on the release. */
  post(release: Release, channelId: string, view?: ChecklistView): Promise<Release> {
    const running = this.posting.get(release.id);
    if (running) return running;
    const work = this.postOnce(release, channelId, view).finally(() => this.posting.delete(release.id));
    this.posting.set(release.id, work);
    return work;
  }

  private async postOnce(release: Release, channelId: string, known?: ChecklistView): Promise<Release> {
    const view = known ?? (await this.slices.slice(() => this.service.view(release)));
    const send = async (channel: string, key: string, threadTs?: string) => {
      const msg = await this.slices.slice(() => this.render(view, key)!);
      const posted = await this.slices.start(() => this.client.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks, unfurl_links: false, ...(threadTs ? { thread_ts: threadTs } : {}) }));
      const ts = String(posted.ts);
      const at = String(posted.channel ?? channel);
      this.coalescer.shown(`${at}:${ts}`, view.rev, JSON.stringify(msg.blocks));
      return { ts, channel: at };
    };
    const parent = await send(channelId, SUMMARY_KEY);
    // Stored at once, so a crash halfway leaves a release that knows its thread.
    await this.service.setLocation(release.id, { channelId: parent.channel, threadId: parent.ts, messageIds: { [SUMMARY_KEY]: parent.ts } });
    const messageIds: Record<string, string> = {};
    for (const chunk of chunkChecklist(view)) messageIds[chunk.key] = (await send(parent.channel, chunk.key, parent.ts)).ts;
    const stored = await this.service.setLocation(release.id, { messageIds });
    // A click while the thread was being posted found no thread message to update: catch up with it now.
    await this.refresh(stored, await this.slices.slice(() => this.service.view(stored)));
    return stored;
  }

  /**
   * Brings every message of the release in line with `view`. One change reaches beyond its step (phase counts in a
   * split phase's other part, the status line, overdue marks), so every message is considered; the coalescer sends
   * only those whose rendering differs from what Slack shows, and folds a burst of changes into one update each.
   */
  refresh(release: Release, view: ChecklistView): Promise<void> {
    const loc = release.location;
    if (loc.surface !== 'slack') return Promise.resolve();
    // The message drawn from the release as stored now: sent when this instance's update may have overwritten a newer one.
    const reload = (key: string, ts: string) => async () => {
      const current = await this.service.get(release.id);
      return this.produce(await this.slices.slice(() => this.service.view(current)), key, loc.channelId, ts);
    };
    const updates = Object.entries(loc.messageIds).map(([key, ts]) =>
      this.coalescer.update(`${loc.channelId}:${ts}`, view.rev, () => this.produce(view, key, loc.channelId, ts), reload(key, ts)),
    );
    return Promise.all(updates).then(() => undefined);
  }

  /** One render in a slice of its own, and the API call in another, so a waiting ack is served in between. */
  private async produce(view: ChecklistView, key: string, channel: string, ts: string): Promise<Render | undefined> {
    const drawn = await this.slices.slice(() => {
      const msg = this.render(view, key);
      if (!msg) return undefined;
      const json = JSON.stringify(msg.blocks);
      return { text: msg.text, json };
    });
    if (!drawn) return undefined;
    // Blocks go as the JSON string already made for the digest: that is their form-encoded wire format, and the
    // WebClient passes strings through, where for an array it would walk and stringify it again (twice more for its
    // debug lines, which it builds whatever the log level). This is the bulk of the work behind every click.
    const blocks = drawn.json as unknown as types.KnownBlock[];
    return { rev: view.rev, digest: drawn.json, send: () => this.slices.start(() => this.client.chat.update({ channel, ts, text: drawn.text, blocks })).then(() => undefined) };
  }

  idle(): Promise<void> {
    return this.coalescer.idle();
  }
}
