import { DateTime } from 'luxon';

export type BucketSize = 'week' | 'month';

export interface BucketInfo {
  /** The bucket's first day in the team's time zone, "2026-03-02". */
  key: string;
  label: string;
  start: number;
  end: number;
}

/** Weeks start on Monday (ISO); both weeks and months begin at local midnight in `timeZone`, not UTC. */
export function bucketOf(ms: number, size: BucketSize, timeZone: string): BucketInfo {
  const start = DateTime.fromMillis(ms, { zone: timeZone }).startOf(size);
  const key = start.toISODate() ?? '';
  const label = size === 'month' ? start.toFormat('LLL yyyy') : `Week of ${start.toFormat('d LLL yyyy')}`;
  return { key, label, start: start.toMillis(), end: start.plus(size === 'month' ? { months: 1 } : { weeks: 1 }).toMillis() };
}

/** Every bucket from the one holding `from` to the one holding `to`, so gaps show as empty periods. */
export function bucketsBetween(from: number, to: number, size: BucketSize, timeZone: string): BucketInfo[] {
  const out: BucketInfo[] = [];
  let b = bucketOf(from, size, timeZone);
  // A cap keeps a wild "from" (a release dated 1970) from building a million buckets.
  while (b.start <= to && out.length < 1000) {
    out.push(b);
    b = bucketOf(b.end, size, timeZone);
  }
  return out;
}

/** Buckets memoised by UTC hour, so 10,000 releases cost a few thousand time-zone conversions at most. */
export class BucketIndex {
  private readonly byHour = new Map<number, BucketInfo>();
  constructor(
    private readonly size: BucketSize,
    private readonly timeZone: string,
  ) {}

  of(ms: number): BucketInfo {
    // The bounds check keeps it exact for zones whose midnight falls mid-hour (UTC+5:30).
    const hour = Math.floor(ms / 3_600_000);
    let b = this.byHour.get(hour);
    if (b === undefined || ms < b.start || ms >= b.end) {
      b = bucketOf(ms, this.size, this.timeZone);
      this.byHour.set(hour, b);
    }
    return b;
  }
}
