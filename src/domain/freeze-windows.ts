import { Cron } from 'croner';

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
// Cron, by croner: the five standard fields (minute hour day-of-month month day-of-week) with lists, ranges, steps and
// English names; as in Vixie cron, when both day fields are restricted a day matching either counts.

function cronOf(expression: string, timeZone?: string): Cron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`"${expression}" has ${fields.length} fields; a cron expression has 5: minute hour day-of-month month day-of-week`);
  return new Cron(fields.join(' '), { paused: true, ...(timeZone ? { timezone: timeZone } : {}) });
}

/** What is wrong with a cron expression, in words, or undefined when it is a valid five-field one. */
export function cronProblem(expression: string): string | undefined {
  try {
    cronOf(expression);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^CronPattern: /, '');
  }
}

/**
 * The starts of a cron expression in [from, to), read as wall-clock times in `timeZone`. A start in an hour that a
 * daylight-saving change skips comes an hour later; a start in an hour that repeats happens once, the first time.
 */
export function cronStarts(expression: string, from: Date, to: Date, timeZone: string): Date[] {
  const cron = cronOf(expression, timeZone);
  const out: Date[] = [];
  // croner gives the runs after a moment: start just before `from`, so a start at `from` itself counts.
  for (let next = cron.nextRun(new Date(from.getTime() - 1)); next && next.getTime() < to.getTime(); next = cron.nextRun(next)) out.push(next);
  return out;
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
