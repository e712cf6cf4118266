import { DateTime } from 'luxon';
import { z } from 'zod';
import { isOffset, parseOffset } from '../domain/duration.js';
import { cronProblem, type FreezeWindow } from '../domain/freeze-windows.js';

/** The optional file beside the models that holds the freeze windows; it is not a release model. */
export const FREEZE_FILES = ['freeze-windows.yaml', 'freeze-windows.yml', 'freeze-windows.json'];

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_", starting with a letter or digit')
  .max(64);

const TIME_HINT = 'a date and time such as "2026-12-20 00:00" (in the team\'s zone) or ISO-8601 with an offset';
const DURATION_HINT = 'a duration such as "10h", "2d" or "1d12h" (units d, h, m)';

export const freezeWindowSchema = z
  .object({
    id: id.describe('Stable window id, unique in the file.'),
    name: z.string().min(1).max(120).describe('How refusals and "freezes" name the window, e.g. "Year-end freeze".'),
    start: z.string().optional().describe(`A fixed window's start: ${TIME_HINT}.`),
    end: z.string().optional().describe(`A fixed window's end (exclusive), after its start: ${TIME_HINT}.`),
    cron: z.string().optional().describe('A recurring window: each start, as a five-field cron expression read in the team\'s zone, e.g. "0 14 * * 5".'),
    duration: z.string().optional().describe(`How long each occurrence of a recurring window lasts: ${DURATION_HINT}.`),
    exempt: z.array(id).default([]).describe('Model ids that may still start, move and deploy inside the window, e.g. [emergency].'),
  })
  .strict();

export const freezeWindowsFileShape = z
  .object({ windows: z.array(freezeWindowSchema).describe('Fixed windows (start and end) and recurring ones (cron and duration).') })
  .strict();

type RawWindow = z.output<typeof freezeWindowSchema>;

/** "2026-12-20 00:00" in the zone, "2026-12-20" (midnight), or ISO-8601 with an offset (YAML timestamps are read as text). */
export function parseFreezeTime(text: string, timeZone: string): Date | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$/i.test(t)) return undefined;
  const iso = t.replace(/^(\d{4}-\d{2}-\d{2}) (\d):/, '$1 0$2:').replace(/^(\d{4}-\d{2}-\d{2})[ T]/, '$1T').replace(/\s+(?=[Zz+-]\d*)/, '');
  const parsed = DateTime.fromISO(iso, { zone: timeZone, setZone: false });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

function durationMs(text: string): number | undefined {
  if (!/^\d/.test(text) || !isOffset(text)) return undefined;
  const ms = parseOffset(text);
  return ms > 0 ? ms : undefined;
}

/**
 * The file as startup reads it, with times read in the team's zone: checked field by field (a fixed window needs
 * start and end, a recurring one cron and duration; ids are unique), then turned into windows the domain evaluates.
 */
export function freezeWindowsFileSchema(timeZone: string) {
  return freezeWindowsFileShape
    .superRefine((file, ctx) => {
      const seen = new Map<string, number>();
      file.windows.forEach((w, i) => {
        const at = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: ['windows', i, field], message });
        const first = seen.get(w.id);
        if (first !== undefined) at('id', `window id "${w.id}" is also used by windows[${first}]`);
        else seen.set(w.id, i);
        const fixed = w.start !== undefined || w.end !== undefined;
        const recurring = w.cron !== undefined || w.duration !== undefined;
        if (fixed && recurring) {
          at(w.cron !== undefined ? 'cron' : 'duration', 'a window is either fixed (start and end) or recurring (cron and duration), not both');
          return;
        }
        if (!fixed && !recurring) {
          at('start', 'missing: a fixed window needs start and end, a recurring one cron and duration');
          return;
        }
        if (fixed) {
          const start = w.start === undefined ? undefined : parseFreezeTime(w.start, timeZone);
          const end = w.end === undefined ? undefined : parseFreezeTime(w.end, timeZone);
          if (w.start === undefined) at('start', 'missing: a fixed window needs a start');
          else if (!start) at('start', `"${w.start}" is not ${TIME_HINT}`);
          if (w.end === undefined) at('end', 'missing: a fixed window needs an end');
          else if (!end) at('end', `"${w.end}" is not ${TIME_HINT}`);
          if (start && end && end <= start) at('end', `must be after the start (${w.start})`);
          return;
        }
        if (w.cron === undefined) at('cron', 'missing: a recurring window needs a cron expression for its starts');
        else {
          const problem = cronProblem(w.cron);
          if (problem) at('cron', problem);
        }
        if (w.duration === undefined) at('duration', 'missing: a recurring window needs a duration');
        else if (durationMs(w.duration) === undefined) at('duration', `"${w.duration}" is not ${DURATION_HINT}`);
      });
    })
    .transform((file): FreezeWindow[] => file.windows.map((w) => toWindow(w, timeZone)));
}

function toWindow(w: RawWindow, timeZone: string): FreezeWindow {
  const base = { id: w.id, name: w.name, exempt: w.exempt };
  if (w.cron !== undefined) return { ...base, kind: 'recurring', cron: w.cron, durationMs: durationMs(w.duration!)! };
  return { ...base, kind: 'fixed', start: parseFreezeTime(w.start!, timeZone)!.toISOString(), end: parseFreezeTime(w.end!, timeZone)!.toISOString() };
}
