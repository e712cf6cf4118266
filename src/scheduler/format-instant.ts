import { DateTime } from 'luxon';

/** "Tue 3 Mar 2026, 09:00 CET": what a person in the team's time zone reads in a reminder. */
export function formatInstant(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: timeZone, locale: 'en-GB' });
  if (!t.isValid) return iso;
  return `${t.toFormat('ccc d LLL yyyy, HH:mm')} ${zoneLabel(t)}`;
}

/**
 * Intl knows "CET" only in British English and "EST" only in American English; otherwise it says "GMT+1".
 * Take whichever names the zone, falling back to the plain offset.
 */
function zoneLabel(t: DateTime): string {
  for (const locale of ['en-GB', 'en-US']) {
    const name = t.setLocale(locale).offsetNameShort;
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
  }
  return t.offset === 0 ? 'UTC' : `UTC${t.toFormat('ZZ')}`;
}
