interface Queued<D> {
  run(draft: D): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface BatchHooks<D> {
  /** A fresh draft of the committed state. */
  begin(): D;
  /** Makes the draft durable and current; if it throws, the committed state must be unchanged. */
  commit(draft: D): Promise<void>;
}

/**
 * Serialises changes and coalesces bursts: operations that queue up while a write is in flight are applied,
 * in order, to one draft and made durable by one write. Each caller resolves only after the write that holds
 * its change; an operation that throws affects its own caller only (operations change the draft only once
 * nothing more can throw).
 */
export class BatchQueue<D> {
  #pending: Array<Queued<D>> = [];
  #draining: Promise<void> | undefined;

  constructor(
    private readonly hooks: BatchHooks<D>,
    private readonly maxBatch = 256,
  ) {}

  push<T>(run: (draft: D) => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Resolves when everything queued so far has been written. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) await this.#runBatch(this.#pending.splice(0, this.maxBatch));
    } finally {
      this.#draining = undefined;
    }
  }

  async #runBatch(batch: Array<Queued<D>>): Promise<void> {
    const draft = this.hooks.begin();
    const applied: Array<{ op: Queued<D>; value: unknown }> = [];
    for (const op of batch) {
      try {
        applied.push({ op, value: await op.run(draft) });
      } catch (error) {
        op.reject(error);
      }
    }
    try {
      await this.hooks.commit(draft);
    } catch (error) {
      for (const { op } of applied) op.reject(error);
      return;
    }
    for (const { op, value } of applied) op.resolve(value);
  }
}
