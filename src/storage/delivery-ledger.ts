/**
 * Deliveries already handled: a Teams activity redelivered after a slow turn, perhaps to another instance, is
 * recognised by its id and ignored. Rules: `firstTime` is atomic (of two concurrent calls with one key, exactly one
 * gets true); a key is remembered for at least `DELIVERY_KEY_TTL_MS`.
 */
export interface DeliveryLedger {
  firstTime(key: string): Promise<boolean>;
}

/** Platforms redeliver within minutes; a day is plenty. */
export const DELIVERY_KEY_TTL_MS = 24 * 3_600_000;

/** One process's ledger: a bounded set of recent keys. */
export class MemoryDeliveryLedger implements DeliveryLedger {
  readonly #keys = new Set<string>();

  constructor(private readonly limit = 2_000) {}

  async firstTime(key: string): Promise<boolean> {
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    if (this.#keys.size > this.limit) this.#keys.delete(this.#keys.values().next().value!);
    return true;
  }
}
