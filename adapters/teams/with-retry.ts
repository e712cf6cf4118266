/** Status and Retry-After of a failed connector call, if it was an HTTP failure. */
export function httpFailure(error: unknown): { status: number; retryAfterMs?: number } | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error) || typeof error.status !== 'number') return undefined;
  const headers = 'response' in error && typeof error.response === 'object' && error.response !== null && 'headers' in error.response ? error.response.headers : undefined;
  const raw = headers instanceof Headers ? headers.get('retry-after') : undefined;
  const seconds = raw ? Number(raw) : NaN;
  return { status: error.status, ...(Number.isFinite(seconds) ? { retryAfterMs: seconds * 1000 } : {}) };
}

export interface RetryOptions {
  attempts: number;
  baseMs: number;
  /** Never wait longer than this for one retry, whatever Retry-After says: a chat turn must not hang. */
  maxWaitMs: number;
  onRetry?: (attempt: number, status: number, waitMs: number) => void;
}

export const CONNECTOR_RETRY: RetryOptions = { attempts: 4, baseMs: 250, maxWaitMs: 4_000 };

const retryable = (status: number) => status === 429 || status === 502 || status === 503 || status === 504;

/**
 * Runs a Bot Connector call, retrying throttling (429) and transient gateway errors with Retry-After or
 * exponential backoff. Teams throttles bots per conversation, so bursts of card updates hit this.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = CONNECTOR_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = httpFailure(error);
      if (!failure || !retryable(failure.status) || attempt >= options.attempts) throw error;
      const wait = Math.min(options.maxWaitMs, failure.retryAfterMs ?? options.baseMs * 2 ** (attempt - 1));
      options.onRetry?.(attempt, failure.status, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
