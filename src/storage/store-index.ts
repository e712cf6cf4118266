import { z } from 'zod';

/** Version 1 kept every active release in releases.json; version 2 keeps one file per release plus this index. */
export const CURRENT_SCHEMA_VERSION = 2;
export const INDEX_FILE_NAME = 'releases-index.json';
/** One file per active release, `R-12.json`; a release leaves the directory when it is archived. */
export const RELEASES_DIR_NAME = 'releases';
export const ARCHIVE_FILE_NAME = 'archive.jsonl';
/**
 * Chat platforms redeliver within minutes: the last few thousand create keys are plenty. Keys of archived releases
 * are dropped too, so the index stays sized by active releases.
 */
export const MAX_CREATED_KEYS = 5000;

/**
 * What the store needs besides the releases themselves, kept small so that writing it (on create and archive only)
 * costs the same at 10 or 1,000 active releases. Step actions never write it.
 */
export const storeIndexSchema = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    /** The next R-number; never goes down, so ids are never reused, even after archiving. Written before the release. */
    nextSeq: z.number().int().positive(),
    /** dedupe key → id of the release that create made for it, oldest first. */
    createdKeys: z.record(z.string(), z.string().regex(/^R-\d+$/)),
  })
  .strict();

export type StoreIndex = z.infer<typeof storeIndexSchema>;

export function emptyStoreIndex(): StoreIndex {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, nextSeq: 1, createdKeys: {} };
}
