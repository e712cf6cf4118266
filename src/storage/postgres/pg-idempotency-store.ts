import type { Pool } from 'pg';
import type { Clock } from '../../domain/clock.js';
import { formatIssues } from '../format-issues.js';
import { IDEMPOTENCY_TTL_MS, type IdempotencyStore, type StoredAnswer } from '../idempotency-store.js';
import { answerSchema } from '../json-idempotency-store.js';
import { StoreCorruptError } from '../store-errors.js';

function parseAnswer(key: string, answer: unknown): StoredAnswer {
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) throw new StoreCorruptError(`the idempotency_keys table (row ${key})`, formatIssues(parsed.error), 'The row was left exactly as it was.');
  return parsed.data;
}

/** Expired answers are swept now and then by whichever instance stores one, not on every put. */
const SWEEP_EVERY = 200;

/**
 * API answers in the `idempotency_keys` table. A request reserves its key first (a row without an answer, with a
 * lease), so the same request reaching two instances at once runs on one; the other waits for the answer, and every
 * caller is told the same thing.
 */
export function pgIdempotencyStore(pool: Pool, clock: Clock): IdempotencyStore {
  let puts = 0;
  const cutoff = () => new Date(clock.now().getTime() - IDEMPOTENCY_TTL_MS);
  return {
    async get(key) {
      const { rows } = await pool.query<{ answer: unknown }>('SELECT answer FROM idempotency_keys WHERE key = $1 AND answer IS NOT NULL AND stored_at > $2', [key, cutoff()]);
      return rows[0] ? parseAnswer(key, rows[0].answer) : undefined;
    },
    async reserve(key, leaseMs) {
      // Takes a free key, an expired reservation, or an answer past its TTL; anything else is left to its holder.
      const taken = await pool.query(
        `INSERT INTO idempotency_keys (key, answer, stored_at, reserved_until) VALUES ($1, NULL, $2, now() + $3::interval)
         ON CONFLICT (key) DO UPDATE SET answer = NULL, stored_at = EXCLUDED.stored_at, reserved_until = EXCLUDED.reserved_until
         WHERE (idempotency_keys.answer IS NULL AND idempotency_keys.reserved_until < now())
            OR (idempotency_keys.answer IS NOT NULL AND idempotency_keys.stored_at <= $4)`,
        [key, clock.now(), `${leaseMs} milliseconds`, cutoff()],
      );
      if (taken.rowCount === 1) return { state: 'reserved' };
      const { rows } = await pool.query<{ answer: unknown }>('SELECT answer FROM idempotency_keys WHERE key = $1', [key]);
      const answer = rows[0]?.answer;
      return answer === null || answer === undefined ? { state: 'busy' } : { state: 'answered', answer: parseAnswer(key, answer) };
    },
    async release(key) {
      await pool.query('DELETE FROM idempotency_keys WHERE key = $1 AND answer IS NULL', [key]);
    },
    async put(key, answer) {
      const stored = answerSchema.parse(answer);
      await pool.query(
        `INSERT INTO idempotency_keys (key, answer, stored_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET answer = EXCLUDED.answer, stored_at = EXCLUDED.stored_at, reserved_until = NULL
         WHERE idempotency_keys.answer IS NULL OR idempotency_keys.stored_at <= $4`,
        [key, stored, stored.at, cutoff()],
      );
      if (++puts % SWEEP_EVERY === 0) await pool.query('DELETE FROM idempotency_keys WHERE answer IS NOT NULL AND stored_at <= $1', [cutoff()]);
    },
  };
}
