import type { Response } from 'express';
import type { Outcome, ReleaseErrorCode } from '../../src/index.js';

/** RFC 9457 problem details: what every API error answers, with `errors` naming fields for a 400. */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
  [extra: string]: unknown;
}

const STATUS: Record<ReleaseErrorCode, number> = { invalid: 400, not_found: 404, forbidden: 403, conflict: 409, closed: 409 };
const TITLE: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
};

export function problem(status: number, detail: string, extra: Omit<Partial<Problem>, 'status' | 'detail'> = {}): Problem {
  return { type: 'about:blank', title: TITLE[status] ?? 'Error', status, detail, ...extra };
}

export function sendProblem(res: Response, p: Problem): void {
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}

/** A core refusal or failure as a problem; `fieldPrefix` maps a question id to its place in the body ("answers."). */
export function fromOutcome(outcome: Extract<Outcome, { kind: 'refused' | 'failed' }>, fieldFor: (field: string) => string = (f) => f): Problem {
  if (outcome.kind === 'failed') return problem(500, outcome.message, { ref: outcome.ref });
  const status = STATUS[outcome.code];
  const hint = outcome.field ? API_HINTS[outcome.field.split('.')[0]!] : undefined;
  return problem(status, apiWords(outcome.message), {
    ...(status === 400 ? { errors: [{ field: fieldFor(outcome.field ?? 'body'), message: apiWords(outcome.message) }] } : {}),
    ...(hint ? { hint } : {}),
  });
}

/** The core's refusals suggest chat commands; through the API the same fix is a field of the body. */
const API_HINTS: Record<string, string> = {
  els: 'Send "els": { "incidents": <number>, "exitCriteriaMet": true | false } with the close.',
  gates: 'The release manager may deploy anyway with "override": { "reason": "…" } in the deployment body.',
  freeze: 'Send "override": { "reason": "…" } (a deployment) or "freezeOverride": { "reason": "…" } (a start).',
};

/** Drops the chat-only advice ("Type "list" to see…"), which means nothing to a pipeline. */
export function apiWords(message: string): string {
  return message.replace(/ Type "list" to see the active releases\./, '');
}
