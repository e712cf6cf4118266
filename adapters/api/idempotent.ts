import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Core, StoredAnswer } from '../../src/index.js';
import { problem, sendProblem, type Problem } from './problem.js';
import { tokenOf } from './authenticate.js';

/** What a handler answers: a status and a JSON body (a problem for errors). */
export interface Answer {
  status: number;
  body: unknown;
}

/** How long a key is held while its request runs; a holder that died frees it after this. */
const RESERVATION_MS = 30_000;
/** How long a retry waits for the same request running elsewhere before it is told to come back (409). */
const WAIT_FOR_OTHER_MS = 10_000;

/** One request per key at a time per running bot, so a retry that races the original waits for its answer. */
const inFlightByCore = new WeakMap<Core, Map<string, Promise<unknown>>>();

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
  const inFlight = inFlightByCore.get(core) ?? new Map<string, Promise<unknown>>();
  inFlightByCore.set(core, inFlight);
  while (inFlight.has(scoped)) await inFlight.get(scoped)!.catch(() => undefined);
  const work = (async () => {
    const print = fingerprint(req);
    const replay = (kept: StoredAnswer) => {
      if (kept.fingerprint !== print) return send({ status: 422, body: problem(422, 'This Idempotency-Key was used for another request; use a new key for a new request.') });
      res.setHeader('Idempotent-Replayed', 'true');
      return send({ status: kept.status, body: kept.body });
    };
    // Another instance may be running this very request: wait for its answer rather than run it a second time.
    const waitUntil = Date.now() + WAIT_FOR_OTHER_MS;
    for (;;) {
      const held = await core.pipelines.answers.reserve(scoped, RESERVATION_MS);
      if (held.state === 'answered') return replay(held.answer);
      if (held.state === 'reserved') break;
      if (Date.now() > waitUntil) return send({ status: 409, body: problem(409, 'A request with this Idempotency-Key is still running; retry it in a few seconds.') });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let answer: Answer | undefined;
    try {
      answer = await run(`api:${scoped}`);
    } finally {
      if (answer && answer.status < 400) await core.pipelines.answers.put(scoped, { fingerprint: print, status: answer.status, body: answer.body, at: core.clock.now().toISOString() });
      else await core.pipelines.answers.release(scoped).catch(() => undefined);
    }
    return send(answer);
  })();
  inFlight.set(scoped, work);
  try {
    await work;
  } finally {
    inFlight.delete(scoped);
  }
}
