/**
 * Serialises and coalesces work per key (one key per release, whose run updates its messages). While a run is in
 * flight, newer requests collapse into one pending run, which renders whatever is stored by then. So N clicks cost at
 * most two updates per message in a row, the last one always shows the latest state, and nothing is lost.
 */
export class CoalescingUpdater {
  private readonly slots = new Map<string, { job: () => Promise<void>; pending: boolean; done: Promise<void> }>();

  constructor(private readonly onError: (key: string, error: unknown) => void) {}

  schedule(key: string, job: () => Promise<void>): Promise<void> {
    const existing = this.slots.get(key);
    if (existing) {
      existing.job = job;
      existing.pending = true;
      return existing.done;
    }
    const slot = { job, pending: true, done: Promise.resolve() };
    slot.done = (async () => {
      // Yield once so that clicks arriving in the same tick share the first run.
      await Promise.resolve();
      while (slot.pending) {
        slot.pending = false;
        try {
          await slot.job();
        } catch (error) {
          this.onError(key, error);
        }
      }
      this.slots.delete(key);
    })();
    this.slots.set(key, slot);
    return slot.done;
  }

  /** Resolves when every scheduled update has run (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.slots.size) await Promise.all([...this.slots.values()].map((s) => s.done));
  }
}
