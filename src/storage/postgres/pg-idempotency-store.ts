import type { Pool } from 'pg';
import type { Clock } from '../../domain/clock.js';
import { formatIssues } from '../format-issues.js';
import { IDEMPOTENCY_TTL_MS, type IdempotencyStore } from '../idempotency-store.js';
import { answerSchema } from '../json-idempotency-store.js';
import { StoreCorruptError } from '../store-errors.js';

/** Expired answers are swept now and then by whichever instance stores one, not on every put. */
const SWEEP_EVERY = 200;

/**
 * API answers in the `idempotency_keys` table. A retry may reach any instance: the first answer stored under a key
 * wins, and a second instance that raced it keeps the stored one, so every caller is told the same thing.
 */
export function pgIdempotencyStore(pool: Pool, clock: Clock): IdempotencyStore {
  let puts = 0;
  const cutoff = () => new Date(clock.now().getTime() - IDEMPOTENCY_TTL_MS);
  return {
    async get(key) {
      const { rows } = await pool.query<{ answer: unknown }>('SELECT answer FROM idempotency_keys WHERE key = $1 AND stored_at > $2', [key, cutoff()]);
      if (!rows[0]) return undefined;
      const parsed = answerSchema.safeParse(rows[0].answer);
      if (!parsed.success) throw new StoreCorruptError(`the idempotency_keys table (row ${key})`, formatIssues(parsed.error), 'The row was left exactly as it was.');
      return parsed.data;
    },
    async put(key, answer) {
      const stored = answerSchema.parse(answer);
      await pool.query(
        `INSERT INTO idempotency_keys (key, answer, stored_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET answer = EXCLUDED.answer, stored_at = EXCLUDED.stored_at WHERE idempotency_keys.stored_at <= $4`,
        [key, stored, stored.at, cutoff()],
      );
      if (++puts % SWEEP_EVERY === 0) await pool.query('DELETE FROM idempotency_keys WHERE stored_at <= $1', [cutoff()]);
    },
  };
}
