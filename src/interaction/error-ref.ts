import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import { StoreWriteError } from '../storage/store-write-error.js';

/** "ERR-7F3A2C": short enough to read out, and the key the operator greps the log for. */
export function newErrorRef(): string {
  return `ERR-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/**
 * Logs an unexpected error in full under a new reference and returns what the person is told. The one format every
 * surface shows and every log line carries (`ref`).
 */
export function reportUnexpected(error: unknown, logger: Logger, context: Record<string, unknown>): { ref: string; message: string } {
  const ref = newErrorRef();
  logger.error('request failed', { ref, ...context, error });
  // A fault with a known cause says what it is and that nothing was saved, rather than "something went wrong".
  if (error instanceof StoreWriteError) return { ref, message: `${error.message} (ref ${ref})` };
  return { ref, message: `Something went wrong on my side (ref ${ref}). The details are in the bot's log; quote the ref to whoever runs it if it keeps happening.` };
}
