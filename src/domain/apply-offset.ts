import { DateTime } from 'luxon';
import { parseOffsetParts } from './duration.js';

/**
 * The instant an offset names, relative to the planned deployment time.
 * Whole days are calendar days in the team's time zone, so "T-2d" for a 09:00 release is 09:00 two days earlier
 * even across a daylight-saving change; hours, minutes and seconds are elapsed time, so "-48h" is exactly 48 hours earlier.
 */
export function applyOffset(plannedAtIso: string, offset: string, timeZone: string): Date {
  const { sign, days, elapsedMs } = parseOffsetParts(offset);
  const base = DateTime.fromISO(plannedAtIso, { zone: timeZone });
  if (!base.isValid) throw new Error(`"${plannedAtIso}" is not an ISO-8601 instant`);
  return base.plus({ days: sign * days }).plus({ milliseconds: sign * elapsedMs }).toJSDate();
}
