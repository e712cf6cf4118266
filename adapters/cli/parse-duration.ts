const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000 } as const;
const PATTERN = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** "30m", "15s", "1h30m", "90s", or a bare number of seconds → milliseconds; anything else → undefined. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t) * UNIT_MS.s;
  const m = PATTERN.exec(t);
  if (!m || t === '') return undefined;
  return Number(m[1] ?? 0) * UNIT_MS.h + Number(m[2] ?? 0) * UNIT_MS.m + Number(m[3] ?? 0) * UNIT_MS.s;
}
