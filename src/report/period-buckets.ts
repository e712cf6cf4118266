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

/** Index of the bucket holding `ms` in ascending, contiguous `buckets`, or -1: a binary search, no time-zone work per event. */
export function findBucket(buckets: readonly BucketInfo[], ms: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid] as BucketInfo;
    if (ms < b.start) hi = mid - 1;
    else if (ms >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
