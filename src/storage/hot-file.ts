import { z } from 'zod';
import { releaseSchema } from '../domain/release-schema.js';

export const HOT_FILE_NAME = 'releases.json';
export const ARCHIVE_FILE_NAME = 'archive.jsonl';
export const CURRENT_SCHEMA_VERSION = 1;
/**
 * Chat platforms redeliver within minutes: the last few thousand create keys are plenty. Keys of archived releases
 * are dropped too, so the hot file stays sized by active releases.
 */
export const MAX_CREATED_KEYS = 5000;

/**
 * The hot file holds only releases that are not archived, so its size (and the cost of every write)
 * follows the number of active releases, not history.
 */
export const hotFileSchema = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    /** The next R-number; never goes down, so ids are never reused, even after archiving. */
    nextSeq: z.number().int().positive(),
    releases: z.record(z.string(), releaseSchema),
    /** dedupe key → id of a release in this file, oldest first. */
    createdKeys: z.record(z.string(), z.string()),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const [key, release] of Object.entries(file.releases)) {
      if (release.id !== key)
        ctx.addIssue({ code: 'custom', path: ['releases', key, 'id'], message: `"${release.id}" does not match its key "${key}"` });
      if (release.seq >= file.nextSeq)
        ctx.addIssue({ code: 'custom', path: ['nextSeq'], message: `must be greater than every seq (${key} has seq ${release.seq})` });
    }
  });

export type HotFile = z.infer<typeof hotFileSchema>;

export function emptyHotFile(): HotFile {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, nextSeq: 1, releases: {}, createdKeys: {} };
}
