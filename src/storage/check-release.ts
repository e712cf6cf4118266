import { releaseSchema, type Release } from '../domain/release-schema.js';
import { formatIssues } from './format-issues.js';
import { InvalidReleaseError } from './store-errors.js';

/** Validates and detaches a release before it is stored, so a bug can never store something that will not open. */
export function checkRelease(id: string, candidate: Release): Release {
  const parsed = releaseSchema.safeParse(candidate);
  if (!parsed.success) throw new InvalidReleaseError(id, formatIssues(parsed.error));
  // zod builds new objects and arrays as it parses, so its output is already detached, except for values it does not
  // look into (z.unknown): only those are cloned, instead of a second deep copy of the whole release on every change.
  const release = parsed.data;
  if (release.location.conversationRef) release.location.conversationRef = structuredClone(release.location.conversationRef);
  return release;
}
