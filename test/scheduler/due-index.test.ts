import { describe, expect, it } from 'vitest';
import { DueIndex } from '../../src/scheduler/due-index.js';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('DueIndex', () => {
  it('answers the earliest entry and the due ones like a plain map would, through thousands of random changes', () => {
    const next = random(14);
    const index = new DueIndex();
    const model = new Map<string, number>();
    for (let step = 0; step < 8_000; step++) {
      const id = `R-${Math.floor(next() * 300)}`;
      const at = next() < 0.15 ? undefined : Math.floor(next() * 10_000);
      if (next() < 0.5) {
        index.settle(id, at);
        if (at === undefined) model.delete(id);
        else model.set(id, at);
      } else {
        index.lower(id, at);
        const before = model.get(id);
        if (at !== undefined && (before === undefined || at < before)) model.set(id, at);
      }
      expect(index.size).toBe(model.size);
      expect(index.earliest()).toBe(model.size === 0 ? Infinity : Math.min(...model.values()));
      if (step % 250 === 0) {
        const now = Math.floor(next() * 10_000);
        const due = [...model.entries()]
          .filter(([, t]) => t <= now)
          .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
          .map(([k]) => k);
        expect(index.due(now)).toEqual(due);
      }
    }
  });

  it('settleIf applies what a reader saw only if the entry did not change since it took the stamp', () => {
    const index = new DueIndex();
    index.lower('R-1', 100);
    const stamp = index.stampOf('R-1');
    index.settleIf('R-1', 500, stamp);
    expect(index.earliest()).toBe(500);

    const stale = index.stampOf('R-1');
    index.lower('R-1', undefined); // a write came in while the reader read (no earlier time, but a change)
    index.settleIf('R-1', 900, stale);
    expect(index.earliest()).toBe(500);
    index.settleIf('R-1', undefined, stale);
    expect(index.size).toBe(1);

    // Removed and added again in between: a new entry, so the old stamp does not match either.
    const old = index.stampOf('R-1');
    index.settle('R-1', undefined);
    index.lower('R-1', 700);
    index.settleIf('R-1', undefined, old);
    expect(index.earliest()).toBe(700);
  });
});
