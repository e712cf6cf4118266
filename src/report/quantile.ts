/**
 * The q-quantile of ascending `sorted` values, interpolating between neighbours (the common "type 7" definition,
 * as in spreadsheets): the median of [1, 2, 3, 4] is 2.5 and the 90th percentile of 1..10 is 9.1.
 */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const pos = (sorted.length - 1) * q;
  const lower = Math.floor(pos);
  const a = sorted[lower] as number;
  const b = sorted[Math.min(lower + 1, sorted.length - 1)] as number;
  return a + (b - a) * (pos - lower);
}
