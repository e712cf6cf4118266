import type { TokenRecord } from './token-file.js';

/** A stored token as the registry hands it out: its record, and when the bot last accepted it. */
export interface StoredToken extends TokenRecord {
  lastUsedAt?: string;
}

/** What `revoke` found: done, no such name, or revoked before (when). */
export type RevokeResult = { kind: 'revoked' } | { kind: 'unknown' } | { kind: 'already'; at: string };

/**
 * Where API tokens are kept: DATA_DIR/tokens.json for one instance, the `api_tokens` table when instances share a
 * PostgreSQL. The token CLI creates and revokes; the bot asks `stamp` often and `list` only when the stamp changed,
 * and records last use in batches. Only a token's SHA-256 is ever given to a registry.
 */
export interface TokenRegistry {
  /** Changes whenever a token is created or revoked, and costs little: every instance asks at most once a second. */
  stamp(): Promise<string>;
  /** Every token, revoked ones included, oldest first. Each record was validated on the way out. */
  list(): Promise<StoredToken[]>;
  /** Stores a new token; false, storing nothing, when the name is taken (by a revoked token too). */
  create(token: TokenRecord): Promise<boolean>;
  revoke(name: string, at: string): Promise<RevokeResult>;
  /** Last use (ISO time) by token name; a time older than the one stored does not replace it. */
  recordUse(lastUsed: ReadonlyMap<string, string>): Promise<void>;
}
