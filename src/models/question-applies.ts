import type { Answers, Question } from './questions-schema.js';

/** How far in the past a deployment time may be before it counts as past (people type "now" and then dawdle). */
export const BACKDATE_TOLERANCE_MS = 15 * 60_000;

/** A datetime answer well in the past: what `when: { deployAt: past }` and the backdate rule both mean. */
export function isPastAnswer(iso: string, now: Date): boolean {
  return Date.parse(iso) < now.getTime() - BACKDATE_TOLERANCE_MS;
}

/**
 * Whether a question is asked with the answers so far: every one of its `when` conditions holds on the validated
 * answer it names. An earlier answer that is missing or invalid holds no condition, so the question waits for it.
 */
export function questionApplies(q: Question, answers: Answers, now: Date): boolean {
  return Object.entries(q.when ?? {}).every(([qid, wanted]) => {
    const answer = answers[qid];
    if (answer === undefined) return false;
    if (wanted === 'past' || wanted === 'future') {
      if (typeof answer !== 'string' || Number.isNaN(Date.parse(answer))) return false;
      return isPastAnswer(answer, now) === (wanted === 'past');
    }
    if (Array.isArray(wanted)) return typeof answer === 'string' && wanted.includes(answer);
    return wanted === answer;
  });
}
