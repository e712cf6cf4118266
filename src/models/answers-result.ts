import type { Answers } from './questions-schema.js';

export type AnswersResult =
  | { ok: true; answers: Answers }
  /** One message per question id, ready to show next to that field. Raw input is kept by the caller. */
  | { ok: false; errors: Record<string, string> };
