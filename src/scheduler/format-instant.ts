import { DateTime } from 'luxon';

/** "Tue 3 Mar 2026, 09:00 CET": what a person in the team's time zone reads in a reminder. */
export function formatInstant(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: timeZone, locale: 'en-GB' });
  return t.isValid ? t.toFormat('ccc d LLL yyyy, HH:mm ZZZZ') : iso;
}
