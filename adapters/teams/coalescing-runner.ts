interface Lane {
  tail: Promise<void>;
  /** A run that has not started yet: later callers join it, since it will read the latest state anyway. */
  queued?: Promise<void>;
}

/**
 * Runs one task per key at a time, and folds every request that arrives while a run is waiting into that
 * one run. A run reads the state when it starts, so the last run always starts after the last change:
 * the card ends showing the stored state, with far fewer updates than actions.
 */
export class CoalescingRunner {
  private readonly lanes = new Map<string, Lane>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve() };
      this.lanes.set(key, lane);
    }
    if (lane.queued) return lane.queued;
    const current = lane;
    const run = current.tail.then(() => {
      current.queued = undefined;
      return task();
    });
    current.queued = run;
    const settled = run.catch(() => undefined);
    current.tail = settled;
    void settled.then(() => {
      if (current.tail === settled && !current.queued) this.lanes.delete(key);
    });
    return run;
  }

  /** Waits for every lane that is running now (used when stopping). */
  async idle(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((l) => l.tail));
  }
}
