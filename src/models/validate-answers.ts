import { DateTime } from 'luxon';
import type { AnswersResult } from './answers-result.js';
import { parseDateTimeDetailed } from '../domain/parse-datetime.js';
import type { Answers, Question } from './questions-schema.js';
import { isPastAnswer, questionApplies } from './question-applies.js';


const YES = new Set(['true', 'yes', 'y']);
const NO = new Set(['false', 'no', 'n']);

type Outcome = { value: string | boolean } | { error: string } | undefined;

/**
 * Checks raw answers from any surface against the questions and normalises them: choice labels and numbers to
 * option values, yes/no words to booleans, datetimes to ISO-8601 UTC. Returns one message per question id,
 * worded to show beside that field. Unknown keys are ignored, and so are answers to questions whose `when`
 * conditions do not hold; a conditional question whose conditions hold is required. Conditions name earlier
 * questions, so checking in order has their answers ready.
 */
export function validateAnswers(
  questions: readonly Question[],
  raw: Record<string, unknown>,
  opts: { now: Date; timeZone: string },
): AnswersResult {
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  for (const q of questions) {
    if (q.when && !questionApplies(q, answers, opts.now)) continue;
    const outcome = check(q, raw[q.id], opts);
    if (outcome === undefined) continue;
    if ('error' in outcome) errors[q.id] = outcome.error;
    else answers[q.id] = outcome.value;
  }
  checkBackdate(questions, answers, errors, opts);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}

function check(q: Question, input: unknown, opts: { now: Date; timeZone: string }): Outcome {
  const text = typeof input === 'string' ? input.trim() : typeof input === 'number' ? String(input) : undefined;
  if (input === undefined || input === null || text === '') return q.required ? { error: emptyMessage(q, opts) } : undefined;
  switch (q.type) {
    case 'text':
      if (text === undefined) return { error: 'Enter some text.' };
      return text.length > q.maxLength ? { error: `Keep it to ${q.maxLength} characters (this has ${text.length}).` } : { value: text };
    case 'boolean': {
      if (typeof input === 'boolean') return { value: input };
      const word = text?.toLowerCase() ?? '';
      return YES.has(word) ? { value: true } : NO.has(word) ? { value: false } : { error: 'Answer yes or no.' };
    }
    case 'choice': {
      const wanted = text?.toLowerCase();
      const n = Number(wanted);
      const option =
        q.options.find((o) => o.value.toLowerCase() === wanted || o.label.toLowerCase() === wanted) ??
        (Number.isInteger(n) && n >= 1 ? q.options[n - 1] : undefined);
      return option ? { value: option.value } : { error: choiceMessage(q) };
    }
    case 'datetime': {
      if (typeof input !== 'string' && typeof input !== 'number') return { error: dateMessage(opts) };
      const parsed = parseDateTimeDetailed(input, opts);
      if (parsed.ok) return { value: parsed.date.toISOString() };
      if (parsed.reason === 'nonexistent')
        return { error: `${text} does not exist in ${opts.timeZone}: the clocks change that night. Pick another time.` };
      return { error: dateMessage(opts) };
    }
  }
}

/**
 * A deployment time well in the past needs a reason. The message goes beside the reason when the questions ask
 * for one, so a one-question-at-a-time wizard can still reach it; otherwise beside the time.
 */
function checkBackdate(questions: readonly Question[], answers: Answers, errors: Record<string, string>, opts: { now: Date; timeZone: string }): void {
  const at = answers.deployAt;
  if (typeof at !== 'string' || !isPastAnswer(at, opts.now)) return;
  const reason = answers.backdateReason;
  if (typeof reason === 'string' && reason !== '') return;
  const shown = DateTime.fromISO(at, { zone: opts.timeZone }).toFormat('yyyy-MM-dd HH:mm');
  const q = questions.find((x) => x.id === 'backdateReason');
  const asksReason = q !== undefined;
  // Says why beside an empty reason (rather than a bare "needs an answer"), but never hides another problem with it.
  if (q && (errors.backdateReason === undefined || errors.backdateReason === emptyMessage(q, opts)))
    errors.backdateReason = `The deployment time (${shown} ${opts.timeZone}) is in the past: say why, or change the time to a future one.`;
  else if (!asksReason) errors.deployAt = `${shown} ${opts.timeZone} is in the past: enter a future time, such as "in 2h".`;
}

function emptyMessage(q: Question, opts: { now: Date; timeZone: string }): string {
  switch (q.type) {
    case 'text':
      return 'This needs an answer.';
    case 'boolean':
      return 'Answer yes or no.';
    case 'choice':
      return choiceMessage(q);
    case 'datetime':
      return dateMessage(opts);
  }
}

function choiceMessage(q: Extract<Question, { type: 'choice' }>): string {
  return `Choose one of: ${q.options.map((o) => o.label).join(', ')} (or 1-${q.options.length}).`;
}

function dateMessage({ now, timeZone }: { now: Date; timeZone: string }): string {
  const tomorrow = DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 1 });
  const example = tomorrow.isValid ? tomorrow.toFormat('yyyy-MM-dd') : '2026-12-01';
  return `Enter a date and time such as ${example} 14:30 (${timeZone}), "now" or "in 2h".`;
}
