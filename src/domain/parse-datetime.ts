import { DateTime } from 'luxon';

export interface ParseDateTimeOptions {
  now: Date;
  /** IANA zone in which wall-clock input ("2026-12-01 14:30", "tomorrow 09:00") is read. */
  timeZone: string;
}

export type DateTimeParse =
  | { ok: true; date: Date }
  /** `nonexistent`: a wall-clock time skipped by a daylight-saving change, e.g. 02:30 on a spring-forward night. */
  | { ok: false; reason: 'format' | 'nonexistent' };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const HAS_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const RELATIVE = /^(?:in\s+|\+\s*)((?:\d+\s*[a-z]+\s*)+)$/i;
const RELATIVE_PART = /(\d+)\s*([a-z]+)/gi;
const DAY_WORD = /^(today|tomorrow)\s+(\d{1,2}):(\d{2})$/i;
const EPOCH = /^\d{9,13}$/;

const UNITS: Record<string, 'days' | 'hours' | 'minutes'> = {
  d: 'days', day: 'days', days: 'days',
  h: 'hours', hr: 'hours', hrs: 'hours', hour: 'hours', hours: 'hours',
  m: 'minutes', min: 'minutes', mins: 'minutes', minute: 'minutes', minutes: 'minutes',
};

/**
 * Reads a deployment time as people and chat platforms send it: ISO-8601 with an offset, "YYYY-MM-DD HH:MM"
 * in the team's zone, "today 14:30", "tomorrow 09:00", "now", "in 2h" / "+1d" / "in 1d 2h", or unix epoch
 * seconds (Slack's datetimepicker). Relative days are calendar days in the zone, so "+1d" across a
 * daylight-saving change keeps the wall-clock time.
 */
export function parseDateTime(text: string | number, opts: ParseDateTimeOptions): Date | undefined {
  const result = parseDateTimeDetailed(text, opts);
  return result.ok ? result.date : undefined;
}

export function parseDateTimeDetailed(input: string | number, { now, timeZone }: ParseDateTimeOptions): DateTimeParse {
  const fail = { ok: false, reason: 'format' } as const;
  if (typeof input === 'number') return fromEpoch(input);
  const text = input.trim();
  if (text === '') return fail;
  if (/^now$/i.test(text)) return { ok: true, date: new Date(now.getTime()) };
  if (EPOCH.test(text)) return fromEpoch(Number(text));
  if (HAS_OFFSET.test(text)) return valid(DateTime.fromISO(text, { setZone: true }));

  const local = LOCAL.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s] = local.map(Number) as number[];
    return wallClock({ year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: s || 0 }, timeZone);
  }

  const dayWord = DAY_WORD.exec(text);
  if (dayWord) {
    const base = DateTime.fromJSDate(now, { zone: timeZone });
    if (!base.isValid) return fail;
    const day = dayWord[1]!.toLowerCase() === 'tomorrow' ? base.plus({ days: 1 }) : base;
    return wallClock({ year: day.year, month: day.month, day: day.day, hour: Number(dayWord[2]), minute: Number(dayWord[3]), second: 0 }, timeZone);
  }

  const relative = RELATIVE.exec(text);
  if (relative) {
    const amounts: Partial<Record<'days' | 'hours' | 'minutes', number>> = {};
    for (const part of relative[1]!.matchAll(RELATIVE_PART)) {
      const unit = UNITS[part[2]!.toLowerCase()];
      if (!unit) return fail;
      amounts[unit] = (amounts[unit] ?? 0) + Number(part[1]);
    }
    // Days first, as calendar days in the zone; then elapsed hours and minutes.
    const base = DateTime.fromJSDate(now, { zone: timeZone });
    return valid(base.plus({ days: amounts.days ?? 0 }).plus({ hours: amounts.hours ?? 0, minutes: amounts.minutes ?? 0 }));
  }
  return fail;
}

function fromEpoch(n: number): DateTimeParse {
  if (!Number.isFinite(n) || n < 0) return { ok: false, reason: 'format' };
  // Slack sends seconds; a 13-digit value can only be milliseconds.
  const ms = n >= 1e12 ? n : n * 1000;
  return { ok: true, date: new Date(Math.round(ms)) };
}

function wallClock(
  parts: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  timeZone: string,
): DateTimeParse {
  const dt = DateTime.fromObject(parts, { zone: timeZone });
  if (!dt.isValid) return { ok: false, reason: 'format' };
  // Luxon moves a time skipped by a spring-forward change to the next valid hour; refuse it instead.
  if (dt.hour !== parts.hour || dt.minute !== parts.minute || dt.day !== parts.day) return { ok: false, reason: 'nonexistent' };
  return { ok: true, date: dt.toJSDate() };
}

function valid(dt: DateTime): DateTimeParse {
  return dt.isValid ? { ok: true, date: dt.toJSDate() } : { ok: false, reason: 'format' };
}
