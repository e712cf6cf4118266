/**
 * Answers kept for a short while, for lookups a surface makes on the request path (who is in a channel, a
 * conversation's roster): a burst of clicks costs one platform call, and a membership change is seen within `ttlMs`.
 * Concurrent lookups of one key share one call; a failed lookup is not kept. Bounded, oldest forgotten first.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly limit = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
