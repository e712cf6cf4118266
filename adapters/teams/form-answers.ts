import type { Question } from '../../src/models/questions-schema.js';
import { dateInputId, timeInputId, type FormValues } from './cards/form-card.js';

/** The form's own fields out of a submission (which also carries button data): strings only, unknown keys dropped. */
export function formValuesFrom(questions: readonly Question[], data: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  const take = (id: string) => {
    const v = data[id];
    if (typeof v === 'string') values[id] = v;
  };
  for (const q of questions) {
    if (q.type === 'datetime') {
      take(dateInputId(q.id));
      take(timeInputId(q.id));
    } else take(q.id);
  }
  return values;
}

/**
 * Raw answers for the core to validate: the date and time inputs become one "YYYY-MM-DD HH:MM" in the team's
 * zone, toggles become booleans, and empty fields are left out so "required" is judged by the core.
 */
export function rawAnswers(questions: readonly Question[], values: FormValues): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const q of questions) {
    if (q.type === 'datetime') {
      const date = values[dateInputId(q.id)]?.trim() ?? '';
      const time = values[timeInputId(q.id)]?.trim() ?? '';
      if (date || time) raw[q.id] = `${date} ${time}`.trim();
    } else if (q.type === 'boolean') {
      raw[q.id] = values[q.id] === 'true';
    } else {
      const v = values[q.id]?.trim();
      if (v) raw[q.id] = v;
    }
  }
  return raw;
}
