import type { Pool } from 'pg';
import { formatIssues } from '../format-issues.js';
import { emptyPlace, placeRecordSchema, type PlaceRecord, type PlaceStore } from '../place-store.js';
import { StoreCorruptError } from '../store-errors.js';
import { inTransaction } from './open-pg-pool.js';

/**
 * Team roles and digest preferences in the `places` table. `update` takes the row's lock (creating the row first when
 * the place is new), so changes from any instance are serialised per place, as the port asks.
 */
export function pgPlaceStore(pool: Pool): PlaceStore {
  return {
    async get(placeKey) {
      const { rows } = await pool.query<{ data: unknown }>('SELECT data FROM places WHERE key = $1', [placeKey]);
      return rows[0] ? parsePlace(placeKey, rows[0].data) : emptyPlace();
    },
    update<T>(placeKey: string, change: (current: PlaceRecord) => { record?: PlaceRecord; result: T }): Promise<T> {
      return inTransaction(pool, async (tx) => {
        await tx.query('INSERT INTO places (key, data) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [placeKey, emptyPlace()]);
        const { rows } = await tx.query<{ data: unknown }>('SELECT data FROM places WHERE key = $1 FOR UPDATE', [placeKey]);
        const { record, result } = change(parsePlace(placeKey, rows[0]!.data));
        if (record) await tx.query('UPDATE places SET data = $2, updated_at = now() WHERE key = $1', [placeKey, placeRecordSchema.parse(record)]);
        return result;
      });
    },
  };
}

function parsePlace(key: string, data: unknown): PlaceRecord {
  const parsed = placeRecordSchema.safeParse(data);
  if (!parsed.success) throw new StoreCorruptError(`the places table (row ${key})`, formatIssues(parsed.error), 'The row was left exactly as it was.');
  return parsed.data;
}
