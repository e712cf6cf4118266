import { ReleaseError } from './release-error.js';

/**
 * Caps on free text people type. They keep one pasted log from filling a chat message or the store, and are far
 * above what a sentence needs. The title's cap comes from questions.yaml.
 */
export const TEXT_LIMITS = {
  reason: 500,
  note: 1000,
  personName: 80,
  incidentRef: 64,
  incidentRefs: 20,
} as const;

/** Far beyond any real count; stops a pasted ticket number from being stored as an incident count. */
export const MAX_ELS_INCIDENTS = 100_000;

/**
 * Trims typed text and checks it: refuses it when it is required and empty, or longer than `max`, naming the field.
 * Returns undefined for optional text left empty.
 */
export function typedText(value: string | undefined, rule: { field: string; max: number; what: string; required?: string }): string | undefined {
  const text = value?.trim() ?? '';
  if (!text) {
    if (rule.required) throw new ReleaseError('invalid', rule.required, rule.field);
    return undefined;
  }
  if (text.length > rule.max) {
    throw new ReleaseError('invalid', `The ${rule.what} is ${text.length} characters long; keep it to ${rule.max}.`, rule.field);
  }
  return text;
}
