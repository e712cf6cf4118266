import type { Pool } from 'pg';
import type { RenderLedger } from '../render-ledger.js';

/** The render ledger in `rendered_messages`: each claim is one conditional upsert, so it is atomic across instances. */
export function pgRenderLedger(pool: Pool): RenderLedger {
  return {
    async claim(key, rev, digest) {
      const { rowCount } = await pool.query(
        `INSERT INTO rendered_messages (key, rev, digest) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET rev = EXCLUDED.rev, digest = EXCLUDED.digest, rendered_at = now()
         WHERE rendered_messages.rev <= EXCLUDED.rev AND rendered_messages.digest <> EXCLUDED.digest`,
        [key, rev, digest],
      );
      return rowCount === 1;
    },
    async record(key, rev, digest) {
      await pool.query(
        `INSERT INTO rendered_messages (key, rev, digest) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET rev = EXCLUDED.rev, digest = EXCLUDED.digest, rendered_at = now()
         WHERE rendered_messages.rev <= EXCLUDED.rev`,
        [key, rev, digest],
      );
    },
    async forget(key, rev, digest) {
      await pool.query('DELETE FROM rendered_messages WHERE key = $1 AND rev = $2 AND digest = $3', [key, rev, digest]);
    },
    async shownRev(key) {
      const { rows } = await pool.query<{ rev: number }>('SELECT rev FROM rendered_messages WHERE key = $1', [key]);
      return rows[0]?.rev;
    },
  };
}
