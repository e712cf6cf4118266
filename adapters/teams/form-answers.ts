import type { Question } from '../../src/index.js';
import type { FormValues } from './cards/form-card.js';
import { dateInputId, timeInputId } from './cards/input-ids.js';

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

const DATE_TIME = /^(.*?)\s*\b(\d{1,2}:\d{2})$/;

/** The way back, for answers that did not come from this form (a title typed after "release"). */
export function formValuesOf(questions: readonly Question[], raw: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const q of questions) {
    const v = raw[q.id];
    if (v === undefined || v === null) continue;
    const s = String(v);
    if (q.type !== 'datetime') values[q.id] = s;
    else {
      const m = DATE_TIME.exec(s.trim());
      values[dateInputId(q.id)] = m ? m[1]! : s;
      if (m) values[timeInputId(q.id)] = m[2]!;
    }
  }
  return values;
}

/** What the person typed into the start form and the model confirmation, to draw them again as they left them. */
export interface TypedForm {
  values: FormValues;
  chosenModelId?: string;
  /** The reason typed on the card: a model override's, or a gate rejection's. */
  reason?: string;
  /** Why the release must deploy inside a freeze window. */
  freezeReason?: string;
}
