import { freezeSpans, type FreezeSpan, type FreezeWindow } from '../domain/freeze-windows.js';

/** A deployment this close to an occurrence of a freeze window, before or after it, went out "next to" the freeze. */
export const FREEZE_NEAR_MS = 86_400_000;

export type FreezeProximity = 'inside' | 'next_to';

// Occurrences are computed per 30 days and kept, so 10,000 deployments cost a few cron walks, not one each.
const CHUNK_MS = 30 * 86_400_000;

/** Says whether an instant lies inside, or within FREEZE_NEAR_MS of, an occurrence of a freeze window. */
export class FreezeCalendar {
  private readonly chunks = new Map<number, FreezeSpan[]>();

  constructor(
    private readonly windows: readonly FreezeWindow[],
    private readonly timeZone: string,
  ) {}

  get size(): number {
    return this.windows.length;
  }

  /** Windows that exempt the model are passed over, as the freeze rules do: they do not apply to its releases. */
  proximity(at: number, modelId: string): FreezeProximity | undefined {
    if (this.windows.length === 0) return undefined;
    let near = false;
    for (const span of this.spansAround(at)) {
      if (span.window.exempt.includes(modelId)) continue;
      const start = span.start.getTime();
      const end = span.end.getTime();
      if (start <= at && at < end) return 'inside';
      if ((start > at && start - at <= FREEZE_NEAR_MS) || (end <= at && at - end <= FREEZE_NEAR_MS)) near = true;
    }
    return near ? 'next_to' : undefined;
  }

  private spansAround(at: number): FreezeSpan[] {
    const key = Math.floor(at / CHUNK_MS);
    let spans = this.chunks.get(key);
    if (!spans) {
      // Widened by the margin on both sides, and a millisecond more, since a freeze that ends or starts exactly a
      // margin away still counts.
      const from = new Date(key * CHUNK_MS - FREEZE_NEAR_MS - 1);
      const to = new Date((key + 1) * CHUNK_MS + FREEZE_NEAR_MS + 1);
      spans = freezeSpans(this.windows, from, to, this.timeZone);
      this.chunks.set(key, spans);
    }
    return spans;
  }
}
