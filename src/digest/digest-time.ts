import { DateTime } from 'luxon';

/** "09:00" in the team's zone; `undefined` turns the digest off for everyone. */
export interface DigestTime {
  hour: number;
  minute: number;
}

/** Today's local date ("2026-12-05") and the moment today's digest is due, in the team's zone. */
export function digestMoment(now: Date, at: DigestTime, timeZone: string): { day: string; dueAt: Date } {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  // A time the spring-forward skips comes an hour later (luxon moves it forward by the gap), as freeze windows do.
  const due = local.set({ hour: at.hour, minute: at.minute, second: 0, millisecond: 0 });
  return { day: local.toISODate() ?? local.toFormat('yyyy-MM-dd'), dueAt: due.toJSDate() };
}

/** The start of the next local day in the team's zone (a DST day is 23 or 25 hours long). */
export function nextDayStart(now: Date, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate();
}
