interface Entry {
  id: string;
  at: number;
  /** Bumped on every change of the entry, so a reader can tell whether what it read is still the latest word. */
  stamp: number;
}

/**
 * Per release, the earliest time at which it could have something due: a binary min-heap with a position map, so
 * "is anything due?" is O(1) and a change of one release is O(log n). A release with nothing that can come due has
 * no entry.
 *
 * Entries may be too early (the reader finds nothing due and settles the entry) but must never be too late, or a
 * reminder would wait for the next unrelated change. Hence two ways in: `lower` for what may not have happened
 * (keeps the earlier of old and new), `settle` for what is known to be the latest state.
 */
export class DueIndex {
  private readonly heap: Entry[] = [];
  private readonly pos = new Map<string, number>();
  private stamps = 0;

  get size(): number {
    return this.heap.length;
  }

  /** The earliest entry's time; Infinity when no release has anything that can come due. */
  earliest(): number {
    return this.heap[0]?.at ?? Infinity;
  }

  /** Releases whose entry is at or before `now`, earliest first. O(k log k) for k due, without touching the rest. */
  due(now: number): string[] {
    const found: Entry[] = [];
    const walk = (i: number): void => {
      const e = this.heap[i];
      if (!e || e.at > now) return;
      found.push(e);
      walk(2 * i + 1);
      walk(2 * i + 2);
    };
    walk(0);
    return found.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => e.id);
  }

  /** The entry's current stamp, to hand back to `settleIf`; undefined without an entry. */
  stampOf(id: string): number | undefined {
    const i = this.pos.get(id);
    return i === undefined ? undefined : this.heap[i]!.stamp;
  }

  /** Earlier of the entry and `at` (undefined: no new time, but the entry still counts as changed). */
  lower(id: string, at: number | undefined): void {
    const i = this.pos.get(id);
    if (i === undefined) {
      if (at !== undefined) this.insert(id, at);
      return;
    }
    const e = this.heap[i]!;
    e.stamp = ++this.stamps;
    if (at !== undefined && at < e.at) {
      e.at = at;
      this.up(i);
    }
  }

  /** The release's latest known state says exactly this (undefined: nothing can come due). */
  settle(id: string, at: number | undefined): void {
    const i = this.pos.get(id);
    if (at === undefined) {
      if (i !== undefined) this.removeAt(i);
      return;
    }
    if (i === undefined) {
      this.insert(id, at);
      return;
    }
    const e = this.heap[i]!;
    const before = e.at;
    e.at = at;
    e.stamp = ++this.stamps;
    if (at < before) this.up(i);
    else this.down(i);
  }

  /** `settle`, unless the entry changed since `stamp` was taken: a newer word beats what the reader saw. */
  settleIf(id: string, at: number | undefined, stamp: number | undefined): void {
    if (this.stampOf(id) === stamp) this.settle(id, at);
  }

  private insert(id: string, at: number): void {
    this.heap.push({ id, at, stamp: ++this.stamps });
    this.pos.set(id, this.heap.length - 1);
    this.up(this.heap.length - 1);
  }

  private removeAt(i: number): void {
    const removed = this.heap[i]!;
    const last = this.heap.pop()!;
    this.pos.delete(removed.id);
    if (removed === last) return;
    this.heap[i] = last;
    this.pos.set(last.id, i);
    this.up(i);
    this.down(i);
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= heap[i]!.at) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heap.length && heap[l]!.at < heap[least]!.at) least = l;
      if (r < heap.length && heap[r]!.at < heap[least]!.at) least = r;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const ea = heap[a]!;
    const eb = heap[b]!;
    heap[a] = eb;
    heap[b] = ea;
    this.pos.set(eb.id, a);
    this.pos.set(ea.id, b);
  }
}
