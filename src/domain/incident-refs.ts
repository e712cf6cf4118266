import { ReleaseError } from './release-error.js';
import { MAX_ELS_INCIDENTS, TEXT_LIMITS } from './text-limits.js';
import type { Outcome } from './release-schema.js';

/** "INC-1, INC-2; PD-9" or a list: one reference per word. Refuses too many or overlong references, naming the field. */
export function parseIncidentRefs(input: string | readonly string[] | undefined): string[] {
  const words = (typeof input === 'string' ? [input] : (input ?? [])).flatMap((w) => w.split(/[\s,;]+/)).filter(Boolean);
  const refs = [...new Set(words)];
  if (refs.length > TEXT_LIMITS.incidentRefs) {
    throw new ReleaseError('invalid', `${refs.length} incident references is more than the ${TEXT_LIMITS.incidentRefs} a release can record; list the main ones.`, 'incidents');
  }
  const long = refs.find((r) => r.length > TEXT_LIMITS.incidentRef);
  if (long) throw new ReleaseError('invalid', `"${long.slice(0, 40)}…" is not an incident reference (at most ${TEXT_LIMITS.incidentRef} characters).`, 'incidents');
  return refs;
}

/** The ELS result as typed or picked: a count and met/unmet, each possibly missing or malformed. */
export interface ElsAnswer {
  incidents?: string | number;
  exit?: string | boolean;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const EXIT_WORDS: Record<string, boolean> = { met: true, yes: true, true: true, unmet: false, no: false, false: false, 'not met': false };

/**
 * Reads the ELS result: both parts or neither, so a half answer is never stored. Input from forms arrives as text
 * or numbers and is never trusted to have passed the client's own checks.
 */
export function parseElsResult(answer: ElsAnswer | undefined): Outcome['els'] {
  if (!answer || (blank(answer.incidents) && blank(answer.exit))) return undefined;
  const raw = typeof answer.incidents === 'number' ? String(answer.incidents) : (answer.incidents ?? '').trim();
  if (!raw) throw new ReleaseError('invalid', 'Give the number of incidents during early life support (0 if there were none).', 'els.incidents');
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_ELS_INCIDENTS) {
    throw new ReleaseError('invalid', `"${raw.slice(0, 40)}" is not a number of incidents during early life support: give a whole number, 0 or more.`, 'els.incidents');
  }
  const exit = typeof answer.exit === 'boolean' ? answer.exit : EXIT_WORDS[String(answer.exit ?? '').trim().toLowerCase()];
  if (exit === undefined) {
    throw new ReleaseError('invalid', blank(answer.exit) ? 'Say whether the ELS exit criteria were met (met or unmet).' : `"${String(answer.exit).slice(0, 40)}" is not met or unmet.`, 'els.exit');
  }
  return { incidents: Number(raw), exitCriteriaMet: exit };
}
