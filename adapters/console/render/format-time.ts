import { DateTime } from 'luxon';

/** How the console shows instants: always in the configured zone, so a team reads one clock. */
export interface TimeOptions {
  timeZone: string;
  /** Times on the same day as `now` drop the date. */
  now: Date;
}

/** "Tue 1 Dec 2026 14:00 UTC" */
export function formatDeployTime(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: timeZone });
  return t.isValid ? t.toFormat('ccc d LLL yyyy HH:mm ZZZZ') : iso;
}

/** "14:02" today, "30 Nov 14:02" on another day. */
export function formatShortTime(iso: string, opts: TimeOptions): string {
  const t = DateTime.fromISO(iso, { zone: opts.timeZone });
  if (!t.isValid) return iso;
  const today = DateTime.fromJSDate(opts.now, { zone: opts.timeZone });
  return t.hasSame(today, 'day') ? t.toFormat('HH:mm') : t.toFormat('d LLL HH:mm');
}

/** "30 Nov 14:00": due times always carry the date, as "today" is easy to misread in a scrolled log. */
export function formatDueTime(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: timeZone });
  return t.isValid ? t.toFormat('d LLL HH:mm') : iso;
}
