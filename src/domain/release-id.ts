import { z } from 'zod';

/** How a stored release id looks: "R-42". Every surface and payload checks ids against this one pattern. */
export const RELEASE_ID_PATTERN = /^R-\d+$/;

export const releaseIdSchema = z.string().regex(RELEASE_ID_PATTERN, 'is not a release id such as "R-42"');

const TYPED = /^r-?(\d+)$/i;

/** What people type: "r42", "R-42", "r-42" → "R-42"; anything else → undefined. */
export function normaliseReleaseId(text: string | undefined): string | undefined {
  const m = text === undefined ? null : TYPED.exec(text.trim());
  return m ? `R-${Number(m[1])}` : undefined;
}
