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
  return problem(status, outcome.message, status === 400 ? { errors: [{ field: fieldFor(outcome.field ?? 'body'), message: outcome.message }] } : {});
}
