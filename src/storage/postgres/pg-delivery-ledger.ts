import type { Pool } from 'pg';
import { DELIVERY_KEY_TTL_MS, type DeliveryLedger } from '../delivery-ledger.js';

const SWEEP_EVERY = 500;

/** Delivery keys in `delivery_keys`: the insert that wins the primary key is the first time, on whichever instance. */
export function pgDeliveryLedger(pool: Pool): DeliveryLedger {
  let calls = 0;
  return {
    async firstTime(key) {
      const { rowCount } = await pool.query('INSERT INTO delivery_keys (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', [key]);
      if (++calls % SWEEP_EVERY === 0) await pool.query('DELETE FROM delivery_keys WHERE seen_at < now() - $1::interval', [`${DELIVERY_KEY_TTL_MS} milliseconds`]);
      return rowCount === 1;
    },
  };
}
