import type { DeliveryLedger } from './delivery-ledger.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { PlaceStore } from './place-store.js';
import type { ReleaseStore } from './release-store.js';
import type { RenderLedger } from './render-ledger.js';
import type { TokenRegistry } from '../tokens/token-registry.js';

/**
 * Everything the bot keeps, behind its ports: in DATA_DIR's files for one instance, or in PostgreSQL for several.
 * What must hold across instances (releases, roles, answers, tokens, delivery keys, rendered revisions) lives here, never in
 * one process's memory alone.
 */
export interface SharedStores {
  kind: 'lowdb' | 'postgres';
  /** The data directory or database host, for the startup line. */
  where: string;
  releases: ReleaseStore;
  places: PlaceStore;
  answers: IdempotencyStore;
  deliveries: DeliveryLedger;
  renders: RenderLedger;
  /** API tokens: tokens.json beside the store, or the api_tokens table. */
  tokens: TokenRegistry;
  close(): Promise<void>;
}
