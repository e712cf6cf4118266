import { randomBytes } from 'node:crypto';
import { isReleaseError } from '../../src/app/release-error.js';
import type { Logger } from '../../src/logging/logger.js';

/**
 * What the person sees when something failed: a ReleaseError's own words, or for anything else a short
 * reference that matches the full entry in the log.
 */
export function describeError(error: unknown, logger: Logger, where: Record<string, unknown>): string {
  if (isReleaseError(error)) return error.message;
  const ref = `ERR-${randomBytes(3).toString('hex').toUpperCase()}`;
  logger.error('Teams turn failed', { ref, ...where, error });
  return `Something went wrong on my side (reference ${ref}). Nothing you did was lost; please try again, and give this reference to whoever runs the bot if it keeps failing.`;
}
