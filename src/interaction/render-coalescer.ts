import { createHash } from 'node:crypto';
import { MemoryRenderLedger, type RenderLedger } from '../storage/render-ledger.js';

/** One message drawn from one stored revision, ready to send. */
export interface Render {
  rev: number;
  /** What the message shows, serialised: an identical render is not sent again. Only its hash is kept. */
  digest: string;
  send(): Promise<void>;
}

/** Catch-up sends after one send, at most: each is needed only while other instances keep claiming newer revisions. */
const MAX_CATCH_UP = 5;

type Produce = () => Promise<Render | undefined>;

/**
 * Keeps each posted message in step with its release, for every surface. Keyed by message: while one update of a
 * message is in flight, any number of newer requests fold into one pending update, which renders the newest state it
 * was given. A render older than what the message already shows is dropped, and so is one identical to it, so N
 * clicks cost at most two updates per message and the last one always shows the latest revision.
 * What each message shows is kept in a render ledger: by default this process's memory; with PostgreSQL a table that
 * every instance compares-and-sets before it sends, so no instance overwrites a newer render with an older one.
 * The compare-and-set orders claims, not arrivals: an older render claimed first can still reach the chat after a newer
 * one sent by another instance. So after each send the ledger is asked again, and a send that was overtaken by a newer
 * claim is followed by the message drawn from the release as stored now (`reload`), which then lands last.
 */
export class RenderCoalescer {
  private readonly lanes = new Map<string, { produce: Produce; reload?: Produce; rev: number; pending: boolean; done: Promise<void> }>();
  private readonly recording = new Set<Promise<void>>();

  constructor(
    private readonly onError: (key: string, error: unknown) => void,
    private readonly ledger: RenderLedger = new MemoryRenderLedger(),
  ) {}

  /**
   * Asks for `key` to show revision `rev`, drawn by `produce` when its turn comes. Changes can be heard out of order:
   * a request for an older revision than one already waiting is dropped here, and one older than what the message
   * shows is dropped when it runs. `reload` draws the message from the release as stored now: given, it is sent
   * after a send that another instance's newer claim overtook.
   */
  update(key: string, rev: number, produce: () => Promise<Render | undefined> | Render | undefined, reload?: Produce): Promise<void> {
    const wrapped = async () => produce();
    const lane = this.lanes.get(key);
    if (lane) {
      if (lane.pending && rev < lane.rev) return lane.done;
      lane.produce = wrapped;
      lane.reload = reload;
      lane.rev = rev;
      lane.pending = true;
      return lane.done;
    }
    const fresh = { produce: wrapped, reload, rev, pending: true, done: Promise.resolve() };
    fresh.done = (async () => {
      // Requests made in the same tick share the first run.
      await Promise.resolve();
      while (fresh.pending) {
        fresh.pending = false;
        try {
          await this.run(key, await fresh.produce(), fresh.reload);
        } catch (error) {
          this.onError(key, error);
        }
      }
      this.lanes.delete(key);
    })();
    this.lanes.set(key, fresh);
    return fresh.done;
  }

  /** Records what a message shows when the surface drew it itself (a new post, a card returned in place). */
  shown(key: string, rev: number, digest: string): void {
    const recorded = this.ledger.record(key, rev, hash(digest)).catch((error: unknown) => this.onError(key, error));
    this.recording.add(recorded);
    void recorded.finally(() => this.recording.delete(recorded));
  }

  /** The revision a message was last drawn from, if it is still remembered. */
  shownRev(key: string): Promise<number | undefined> {
    return this.ledger.shownRev(key);
  }

  /**
   * Claim, send, and take the claim back if the send failed, so the same render can be tried again. Then, while a newer
   * revision was claimed during the send (elsewhere: this process runs one send per message at a time), this send may
   * have landed after that one: the message is drawn again from the store and sent, until no newer claim came in.
   */
  private async run(key: string, render: Render | undefined, reload?: Produce): Promise<void> {
    if (!render) return;
    const digest = hash(render.digest);
    if (!(await this.ledger.claim(key, render.rev, digest))) return;
    try {
      await render.send();
    } catch (error) {
      await this.ledger.forget(key, render.rev, digest).catch(() => undefined);
      throw error;
    }
    for (let rev = render.rev, round = 0; reload && round < MAX_CATCH_UP; round++) {
      const claimed = await this.ledger.shownRev(key);
      if (claimed === undefined || claimed <= rev) return;
      const latest = await reload();
      if (!latest) return;
      await latest.send();
      // Recorded, so a later claim of the same revision and content is not sent once more.
      await this.ledger.record(key, latest.rev, hash(latest.digest));
      rev = latest.rev;
    }
  }

  /** Resolves when every requested update has run (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.lanes.size || this.recording.size) await Promise.all([...[...this.lanes.values()].map((l) => l.done), ...this.recording]);
  }
}

/** A card can be tens of kilobytes; what each message shows is remembered as a short hash. */
function hash(digest: string): string {
  return createHash('sha1').update(digest).digest('base64');
}
