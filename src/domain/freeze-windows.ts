import { DateTime } from 'luxon';

/**
 * A period in which releases may not start, move into or deploy: a fixed span, or a recurring one that starts at
 * each occurrence of a cron expression read in the team's zone and lasts `durationMs`.
 */
export type FreezeWindow = {
  id: string;
  name: string;
  /** Model ids that may still deploy inside it. */
  exempt: string[];
} & ({ kind: 'fixed'; start: string; end: string } | { kind: 'recurring'; cron: string; durationMs: number });

/** One occurrence of a window: [start, end). */
export interface FreezeSpan {
  window: FreezeWindow;
  start: Date;
  end: Date;
}

// ---------------------------------------------------------------------------------------------------------------
// Cron: the five standard fields (minute hour day-of-month month day-of-week), with *, lists, ranges, steps and
// English month and day names. As in Vixie cron, when both day fields are restricted a day matching either counts.

interface CronSpec {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  anyDay: boolean;
  anyWeekday: boolean;
}

const NAMES: Record<number, string[]> = {
  3: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  4: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};
const BOUNDS: Array<[number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

function parseField(text: string, index: number): number[] {
  const [min, max] = BOUNDS[index]!;
  const value = (t: string): number => {
    const names = NAMES[index];
    const named = names?.indexOf(t.toLowerCase()) ?? -1;
    const n = named >= 0 ? named + (index === 3 ? 1 : 0) : /^\d+$/.test(t) ? Number(t) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`"${t}" is not a ${FIELD_NAMES[index]} (${min}-${max})`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!range || !Number.isInteger(step) || step < 1) throw new Error(`"${part}" is not a ${FIELD_NAMES[index]} field`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [lo, hi] = [value(a ?? ''), value(b ?? '')];
      if (hi < lo) throw new Error(`"${range}" is a range that ends before it starts`);
    } else {
      lo = value(range);
      hi = stepText === undefined ? lo : max;
    }
    for (let n = lo; n <= hi; n += step) out.add(index === 4 && n === 7 ? 0 : n);
  }
  return [...out].sort((a, b) => a - b);
}

/** Parses a five-field cron expression; throws an Error whose message says what is wrong. */
export function parseCron(expression: string): CronSpec {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`"${expression}" has ${fields.length} fields; a cron expression has 5: minute hour day-of-month month day-of-week`);
  const [minutes, hours, days, months, weekdays] = fields.map((f, i) => parseField(f, i)) as [number[], number[], number[], number[], number[]];
  return {
    minutes,
    hours,
    days: new Set(days),
    months: new Set(months),
    weekdays: new Set(weekdays),
    anyDay: fields[2]!.startsWith('*'),
    anyWeekday: fields[4]!.startsWith('*'),
  };
}

export function cronProblem(expression: string): string | undefined {
  try {
    parseCron(expression);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function dayMatches(spec: CronSpec, day: DateTime): boolean {
  if (!spec.months.has(day.month)) return false;
  const dom = spec.days.has(day.day);
  const dow = spec.weekdays.has(day.weekday % 7);
  if (spec.anyDay && spec.anyWeekday) return true;
  if (spec.anyDay) return dow;
  if (spec.anyWeekday) return dom;
  return dom || dow;
}

/**
 * The starts of a cron expression in [from, to), read as wall-clock times in `timeZone`. A start in an hour that a
 * daylight-saving change skips begins when the clock jumps; a start in an hour that repeats happens once, the first time.
 */
export function cronStarts(expression: string, from: Date, to: Date, timeZone: string): Date[] {
  const spec = parseCron(expression);
  const out: Date[] = [];
  const seen = new Set<number>();
  let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day');
  const last = DateTime.fromJSDate(to, { zone: timeZone }).startOf('day');
  for (; day <= last; day = day.plus({ days: 1 })) {
    if (!dayMatches(spec, day)) continue;
    for (const hour of spec.hours) {
      for (const minute of spec.minutes) {
        let at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: timeZone }).toMillis();
        // A wall-clock time that happens twice (the clocks go back): the first time.
        const earlier = DateTime.fromMillis(at - 3_600_000, { zone: timeZone });
        if (earlier.day === day.day && earlier.hour === hour && earlier.minute === minute) at = earlier.toMillis();
        if (at >= from.getTime() && at < to.getTime() && !seen.has(at)) {
          seen.add(at);
          out.push(new Date(at));
        }
      }
    }
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

// ---------------------------------------------------------------------------------------------------------------

/** Every occurrence of the windows that overlaps [from, to), in order of start. */
export function freezeSpans(windows: readonly FreezeWindow[], from: Date, to: Date, timeZone: string): FreezeSpan[] {
  const spans: FreezeSpan[] = [];
  for (const window of windows) {
    if (window.kind === 'fixed') {
      const start = new Date(window.start);
      const end = new Date(window.end);
      if (start < to && end > from) spans.push({ window, start, end });
      continue;
    }
    for (const start of cronStarts(window.cron, new Date(from.getTime() - window.durationMs + 1), to, timeZone)) {
      spans.push({ window, start, end: new Date(start.getTime() + window.durationMs) });
    }
  }
  return spans.sort((a, b) => a.start.getTime() - b.start.getTime() || a.window.id.localeCompare(b.window.id));
}

/**
 * The window in force at `at` for a release of `modelId` (windows that exempt the model are passed over), with when
 * its current occurrence ends. Occurrences of the same window that overlap or touch count as one: the end is the
 * moment the freeze really lifts. When several windows are in force, the one that lifts last is named.
 */
export function freezeAt(windows: readonly FreezeWindow[], at: Date, timeZone: string, modelId?: string): FreezeSpan | undefined {
  const applicable = windows.filter((w) => !modelId || !w.exempt.includes(modelId));
  let found: FreezeSpan | undefined;
  for (const window of applicable) {
    const span = spanOf(window, at, timeZone);
    if (span && (!found || span.end > found.end)) found = span;
  }
  return found;
}

function spanOf(window: FreezeWindow, at: Date, timeZone: string): FreezeSpan | undefined {
  const containing = freezeSpans([window], at, new Date(at.getTime() + 1), timeZone);
  if (!containing.length) return undefined;
  let start = containing[0]!.start;
  let end = new Date(Math.max(...containing.map((s) => s.end.getTime())));
  if (window.kind === 'recurring') {
    // Chained occurrences (a duration as long as the period or longer): follow them until there is a gap.
    for (let guard = 0; guard < 1000; guard++) {
      const next = freezeSpans([window], end, new Date(end.getTime() + 1), timeZone);
      const later = Math.max(...next.map((s) => s.end.getTime()), end.getTime());
      if (later <= end.getTime()) break;
      end = new Date(later);
    }
    start = new Date(Math.min(...containing.map((s) => s.start.getTime())));
  }
  return { window, start, end };
}
