/**
 * Offsets relative to the planned deployment time, written as "-2d", "-1h", "+30m", "+1d12h", "0".
 * A leading "-" means before deployment; "+" or no sign means after.
 */
const PATTERN = /^([+-])?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

export const OFFSET_HINT = 'an offset such as "-2d", "-1h", "+30m", "+1d12h" or "0" (units d, h, m, s)';

export function isOffset(text: string): boolean {
  if (text === '0') return true;
  const m = PATTERN.exec(text);
  return m !== null && (m[2] ?? m[3] ?? m[4] ?? m[5]) !== undefined;
}

/** Milliseconds for an offset; throws on text that isOffset() rejects. */
export function parseOffset(text: string): number {
  if (text === '0') return 0;
  const m = PATTERN.exec(text);
  if (!m || !isOffset(text)) throw new Error(`"${text}" is not ${OFFSET_HINT}`);
  const total =
    Number(m[2] ?? 0) * UNIT_MS.d +
    Number(m[3] ?? 0) * UNIT_MS.h +
    Number(m[4] ?? 0) * UNIT_MS.m +
    Number(m[5] ?? 0) * UNIT_MS.s;
  return m[1] === '-' ? -total : total;
}

/** The offset split the way time zones need it: whole days (calendar days) apart from elapsed time. */
export function parseOffsetParts(text: string): { sign: 1 | -1; days: number; elapsedMs: number } {
  if (text === '0') return { sign: 1, days: 0, elapsedMs: 0 };
  const m = PATTERN.exec(text);
  if (!m || !isOffset(text)) throw new Error(`"${text}" is not ${OFFSET_HINT}`);
  return {
    sign: m[1] === '-' ? -1 : 1,
    days: Number(m[2] ?? 0),
    elapsedMs: Number(m[3] ?? 0) * UNIT_MS.h + Number(m[4] ?? 0) * UNIT_MS.m + Number(m[5] ?? 0) * UNIT_MS.s,
  };
}

/** "T-2d", "T+1h", "T" for display. */
export function describeOffset(text: string): string {
  const ms = parseOffset(text);
  if (ms === 0) return 'T';
  return `T${ms < 0 ? '-' : '+'}${text.replace(/^[+-]/, '')}`;
}

/** An offset as words, without its sign: "+1d12h" → "1 day 12 hours", "-30m" → "30 minutes", "0" → "". */
export function offsetWords(text: string): string {
  if (text === '0') return '';
  const m = PATTERN.exec(text);
  if (!m || !isOffset(text)) throw new Error(`"${text}" is not ${OFFSET_HINT}`);
  const units: Array<[string | undefined, string]> = [[m[2], 'day'], [m[3], 'hour'], [m[4], 'minute'], [m[5], 'second']];
  return units
    .filter(([n]) => n !== undefined && Number(n) > 0)
    .map(([n, unit]) => `${Number(n)} ${unit}${Number(n) === 1 ? '' : 's'}`)
    .join(' ');
}
