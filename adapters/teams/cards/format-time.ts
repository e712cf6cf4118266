import { DateTime } from 'luxon';

/** "Tue 1 Dec, 14:30": compact, in the team's zone (the zone is named once per card, not per line). */
export function shortTime(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: timeZone, locale: 'en-GB' });
  return t.isValid ? t.toFormat('ccc d LLL, HH:mm') : iso;
}

/** "Tue 1 Dec 2026, 14:30 UTC". */
export function longTime(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: timeZone, locale: 'en-GB' });
  return t.isValid ? t.toFormat('ccc d LLL yyyy, HH:mm ZZZZ') : iso;
}
