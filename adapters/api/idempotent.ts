import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Core } from '../../src/index.js';
import { problem, sendProblem, type Problem } from './problem.js';
import { tokenOf } from './authenticate.js';

/** What a handler answers: a status and a JSON body (a problem for errors). */
export interface Answer {
  status: number;
  body: unknown;
}

/** One request per key at a time in this process, so a retry that races the original waits for its answer. */
const inFlight = new Map<string, Promise<unknown>>();

/** The same request however a client writes it: keys in any order, a release id in either case. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
}

function fingerprint(req: Request): string {
  const path = (req.originalUrl.split('?')[0] ?? '').toUpperCase();
  return createHash('sha256').update(`${req.method} ${path}\n${JSON.stringify(canonical(req.body ?? null))}`).digest('hex');
}

/**
 * Runs a change under the caller's Idempotency-Key: a retry with the same request gets the first answer again and
 * changes nothing; the same key with another request is a 422. Answers are kept per token for at least a day, across
 * restarts; a 4xx or 5xx does not use the key up, so the caller can fix the request and send it again.
 */
export async function idempotent(core: Core, req: Request, res: Response, run: (deliveryKey: string | undefined) => Promise<Answer>): Promise<void> {
  const key = req.get('idempotency-key');
  const send = (a: Answer) => (a.status >= 400 ? sendProblem(res, a.body as Problem) : void res.status(a.status).json(a.body));
  if (key === undefined) return send(await run(undefined));
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) return sendProblem(res, problem(400, 'Idempotency-Key must be 1 to 200 visible ASCII characters.', { errors: [{ field: 'Idempotency-Key', message: 'is not 1 to 200 visible ASCII characters' }] }));
  const scoped = `${tokenOf(res).name}:${key}`;
  while (inFlight.has(scoped)) await inFlight.get(scoped)!.catch(() => undefined);
  const work = (async () => {
    const print = fingerprint(req);
    const kept = await core.pipelines.answers.get(scoped);
    if (kept) {
      if (kept.fingerprint !== print) return send({ status: 422, body: problem(422, 'This Idempotency-Key was used for another request; use a new key for a new request.') });
      res.setHeader('Idempotent-Replayed', 'true');
      return send({ status: kept.status, body: kept.body });
    }
    const answer = await run(`api:${scoped}`);
    if (answer.status < 400) await core.pipelines.answers.put(scoped, { fingerprint: print, status: answer.status, body: answer.body, at: core.clock.now().toISOString() });
    return send(answer);
  })();
  inFlight.set(scoped, work);
  try {
    await work;
  } finally {
    inFlight.delete(scoped);
  }
}
