import { ReleaseError } from './release-error.js';
import type { Release } from './release-schema.js';
import { statusLabel } from './status-label.js';

/** Closed and cancelled releases are history: nothing about them may change. */
export function guardActive(release: Release, what: string): void {
  if (release.status === 'closed' || release.status === 'cancelled') {
    throw new ReleaseError('closed', `${release.id} is ${statusLabel(release).toLowerCase()}, so ${what} is no longer possible.`);
  }
}
