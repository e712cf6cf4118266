/**
 * What each posted chat message was last drawn from: the release revision and a hash of what it shows. Every
 * instance asks it before updating a message, so none overwrites a newer render with an older one. Rules for every
 * implementation: `claim` is an atomic compare-and-set; a claim for an older revision, or for what the message
 * already shows, is refused; `record` never moves a message back to an older revision.
 */
export interface RenderLedger {
  /** True when the caller may draw `rev` (its content hashed as `digest`), which is then recorded as shown. */
  claim(key: string, rev: number, digest: string): Promise<boolean>;
  /** Records what a surface drew by itself (a new post, a card answered in place). */
  record(key: string, rev: number, digest: string): Promise<void>;
  /** Takes back a claim whose send failed, if nothing newer was claimed since, so the same render may be tried again. */
  forget(key: string, rev: number, digest: string): Promise<void>;
  /** The revision a message was last drawn from, if known. */
  shownRev(key: string): Promise<number | undefined>;
}

/** One process's ledger: a bounded map, oldest forgotten first (a forgotten message is simply drawn again). */
export class MemoryRenderLedger implements RenderLedger {
  readonly #shown = new Map<string, { rev: number; digest: string }>();

  constructor(private readonly limit = 10_000) {}

  async claim(key: string, rev: number, digest: string): Promise<boolean> {
    const last = this.#shown.get(key);
    if (last && (rev < last.rev || digest === last.digest)) return false;
    this.#remember(key, rev, digest);
    return true;
  }

  async record(key: string, rev: number, digest: string): Promise<void> {
    const last = this.#shown.get(key);
    if (!last || rev >= last.rev) this.#remember(key, rev, digest);
  }

  async forget(key: string, rev: number, digest: string): Promise<void> {
    const last = this.#shown.get(key);
    if (last?.rev === rev && last.digest === digest) this.#shown.delete(key);
  }

  async shownRev(key: string): Promise<number | undefined> {
    return this.#shown.get(key)?.rev;
  }

  #remember(key: string, rev: number, digest: string): void {
    this.#shown.delete(key);
    this.#shown.set(key, { rev, digest });
    if (this.#shown.size > this.limit) this.#shown.delete(this.#shown.keys().next().value!);
  }
}
