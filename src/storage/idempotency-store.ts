/** The answer an API call gave, kept under its caller's Idempotency-Key so a retry gets it again. */
export interface StoredAnswer {
  /** A digest of the method, path and body: the same key with another request is refused, not answered. */
  fingerprint: string;
  status: number;
  body: unknown;
  at: string;
}

/**
 * Answers kept per caller and key for at least `IDEMPOTENCY_TTL_MS`, across restarts. Rules for every implementation:
 * durable before `put` resolves; keys are opaque and already scoped by the caller ("<token>:<key>"); an entry older
 * than the TTL may be dropped, never a younger one.
 */
export interface IdempotencyStore {
  get(key: string): Promise<StoredAnswer | undefined>;
  /** Stores the answer, ending the key's reservation. */
  put(key: string, answer: StoredAnswer): Promise<void>;
  /**
   * Before a request runs: its kept answer, or the key reserved for this caller, or 'busy' while another caller (on
   * any instance) holds an unexpired reservation. Atomic: of two callers at once, one reserves.
   */
  reserve(key: string, leaseMs: number): Promise<{ state: 'answered'; answer: StoredAnswer } | { state: 'reserved' } | { state: 'busy' }>;
  /** Gives the key back unanswered (the request failed and may be sent again). */
  release(key: string): Promise<void>;
}

/** 24 hours is the contract; entries are kept twice that, so a retry a day later surely finds its answer. */
export const IDEMPOTENCY_TTL_MS = 48 * 3_600_000;
