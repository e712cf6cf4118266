import type { OutcomeResult } from '../../../src/domain/release-schema.js';
import type { StateValue } from './slack-payloads.js';
import { ELS_EXIT_LABELS, FIELD, FIELD_ACTION, MAX_ELS_INCIDENTS, OUTCOME_LABELS } from '../render/release-modals.js';

type Values = Record<string, Record<string, StateValue>>;
/** What a release modal said: the checked input, or one message per block id, shown beside its field. */
export type FormResult<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string> };

const field = (values: Values, block: string): StateValue | undefined => values[block]?.[FIELD_ACTION];
const isKey = <T extends object>(labels: T, v: string | undefined): v is Extract<keyof T, string> => v !== undefined && Object.hasOwn(labels, v);

export function readReschedule(values: Values): FormResult<{ plannedAt: string }> {
  const seconds = field(values, FIELD.when)?.selected_date_time;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return { ok: false, errors: { [FIELD.when]: 'Pick the new deployment date and time.' } };
  return { ok: true, input: { plannedAt: new Date(seconds * 1000).toISOString() } };
}

export function readCancel(values: Values): FormResult<{ reason?: string }> {
  const reason = field(values, FIELD.cancelReason)?.value?.trim();
  return { ok: true, input: reason ? { reason } : {} };
}

export interface CloseForm {
  outcome: OutcomeResult;
  incidents: string[];
  els?: { incidents: number; exitCriteriaMet: boolean };
}

/**
 * Slack checks required inputs and number_input's minimum in the client, but the payload comes from outside:
 * everything is checked again here. With `askedEls`, both ELS answers are required, so a half result is never stored.
 */
export function readClose(values: Values, askedEls: boolean): FormResult<CloseForm> {
  const errors: Record<string, string> = {};
  const outcome = field(values, FIELD.outcome)?.selected_option?.value;
  if (!isKey(OUTCOME_LABELS, outcome)) errors[FIELD.outcome] = 'Pick how the release went.';
  const incidents = (field(values, FIELD.incidents)?.value ?? '').split(/[\s,;]+/).filter(Boolean);
  let els: CloseForm['els'];
  if (askedEls) {
    const raw = (field(values, FIELD.elsIncidents)?.value ?? '').trim();
    const count = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!raw) errors[FIELD.elsIncidents] = 'Enter the number of incidents during early life support (0 if there were none).';
    else if (!(count <= MAX_ELS_INCIDENTS)) errors[FIELD.elsIncidents] = `"${raw.slice(0, 40)}" is not a number of incidents: enter a whole number, 0 or more.`;
    const exit = field(values, FIELD.elsExit)?.selected_option?.value;
    if (!isKey(ELS_EXIT_LABELS, exit)) errors[FIELD.elsExit] = 'Say whether the ELS exit criteria were met.';
    else if (Number.isInteger(count)) els = { incidents: count, exitCriteriaMet: exit === 'met' };
  }
  if (Object.keys(errors).length || !isKey(OUTCOME_LABELS, outcome)) return { ok: false, errors };
  return { ok: true, input: { outcome, incidents, ...(els ? { els } : {}) } };
}
