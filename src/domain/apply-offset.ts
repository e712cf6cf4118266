import { DateTime } from 'luxon';
import { parseOffset } from './duration.js';

/**
 * The instant an offset names, relative to the planned deployment time.
 * Whole days are calendar days in the team's time zone, so "T-2d" for a 09:00 release is 09:00 two days earlier
 * even across a daylight-saving change; hours, minutes and seconds are elapsed time.
 */
export function applyOffset(plannedAtIso: string, offset: string, timeZone: string): Date {
  const ms = parseOffset(offset);
  const sign = ms < 0 ? -1 : 1;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const rest = abs - days * 86_400_000;
  const base = DateTime.fromISO(plannedAtIso, { zone: timeZone });
  if (!base.isValid) throw new Error(`"${plannedAtIso}" is not an ISO-8601 instant`);
  return base.plus({ days: sign * days }).plus({ milliseconds: sign * rest }).toJSDate();
}
