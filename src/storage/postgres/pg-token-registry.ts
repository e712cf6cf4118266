import type { Pool } from 'pg';
import { tokenRecordSchema } from '../../tokens/token-file.js';
import type { StoredToken, TokenRegistry } from '../../tokens/token-registry.js';
import { formatIssues } from '../format-issues.js';
import { StoreCorruptError } from '../store-errors.js';

export interface TokenRow {
  name: string;
  hash: string;
  scope: unknown;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/**
 * API tokens in the `api_tokens` table, shared by every instance and the token CLI. The stamp is one aggregate over
 * the table: the count of tokens and of revoked ones changes with every create and revoke (tokens are never deleted
 * nor un-revoked), whatever clock wrote the times; the latest time also catches a row changed by hand.
 */
export function pgTokenRegistry(pool: Pool): TokenRegistry {
  return {
    async stamp() {
      const { rows } = await pool.query<{ n: number; revoked: number; latest: Date | null }>(
        'SELECT count(*)::integer AS n, count(revoked_at)::integer AS revoked, max(greatest(created_at, revoked_at)) AS latest FROM api_tokens',
      );
      const row = rows[0]!;
      return `${row.n}:${row.revoked}:${row.latest?.toISOString() ?? '-'}`;
    },
    async list() {
      const { rows } = await pool.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, name`);
      return rows.map(parseTokenRow);
    },
    async create(token) {
      const valid = tokenRecordSchema.parse(token);
      const { rowCount } = await pool.query(
        'INSERT INTO api_tokens (name, hash, scope, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING',
        [valid.name, valid.hash, valid.scope ? JSON.stringify(valid.scope) : null, valid.createdAt],
      );
      return rowCount === 1;
    },
    async revoke(name, at) {
      const { rowCount } = await pool.query('UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL', [name, at]);
      if (rowCount === 1) return { kind: 'revoked' };
      const { rows } = await pool.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM api_tokens WHERE name = $1', [name]);
      const revokedAt = rows[0]?.revoked_at;
      return revokedAt ? { kind: 'already', at: revokedAt.toISOString() } : { kind: 'unknown' };
    },
    async recordUse(lastUsed) {
      if (!lastUsed.size) return;
      // One statement for the whole batch, however many instances write theirs: each keeps the later time.
      await pool.query(
        `UPDATE api_tokens AS t SET last_used_at = greatest(t.last_used_at, u.at)
         FROM unnest($1::text[], $2::timestamptz[]) AS u(name, at) WHERE t.name = u.name`,
        [[...lastUsed.keys()], [...lastUsed.values()]],
      );
    },
  };
}

/** The columns parseTokenRow reads. */
export const TOKEN_COLUMNS = 'name, hash, scope, created_at, revoked_at, last_used_at';

/** A row that does not make a valid token is named and stops the read; the bot then keeps the tokens it read before. */
export function parseTokenRow(row: TokenRow): StoredToken {
  const parsed = tokenRecordSchema.safeParse({
    name: row.name,
    hash: row.hash,
    createdAt: row.created_at.toISOString(),
    ...(row.revoked_at ? { revokedAt: row.revoked_at.toISOString() } : {}),
    ...(row.scope !== null ? { scope: row.scope } : {}),
  });
  if (!parsed.success) throw new StoreCorruptError(`the api_tokens table (row ${row.name})`, formatIssues(parsed.error), 'The row was left exactly as it was.');
  return { ...parsed.data, ...(row.last_used_at ? { lastUsedAt: row.last_used_at.toISOString() } : {}) };
}
