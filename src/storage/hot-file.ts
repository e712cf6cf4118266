import { z } from 'zod';
import { releaseSchema } from '../domain/release-schema.js';

/**
 * The layout before schema version 2: every active release in one file, rewritten whole on every change. It is only
 * read now, to migrate it to one file per release (migrate-to-release-files.ts).
 */
export const HOT_FILE_NAME = 'releases.json';
/** The last version of releases.json; version 2 is the per-release layout (store-index.ts). */
export const HOT_FILE_VERSION = 1;

export const hotFileSchema = z
  .object({
    schemaVersion: z.literal(HOT_FILE_VERSION),
    nextSeq: z.number().int().positive(),
    releases: z.record(z.string(), releaseSchema),
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
