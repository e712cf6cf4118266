import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { systemClock, type Clock } from '../domain/clock.js';
import type { Release } from '../domain/release-schema.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { ArchiveFile } from './archive-file.js';
import { DurableJsonFile, isNotFound } from './durable-json-file.js';
import { formatIssues } from './format-issues.js';
import { HOT_FILE_NAME, hotFileSchema, type HotFile } from './hot-file.js';
import { LowdbReleaseStore } from './lowdb-release-store.js';
import { MIGRATIONS, migrateHotFile, type Migrations } from './migrate-hot-file.js';
import { migrateToReleaseFiles, renameLeftoverHotFile } from './migrate-to-release-files.js';
import { ReleaseFiles } from './release-files.js';
import type { ReleaseStore } from './release-store.js';
import { StoreCorruptError, StoreVersionError } from './store-errors.js';
import {
  ARCHIVE_FILE_NAME,
  CURRENT_SCHEMA_VERSION,
  emptyStoreIndex,
  INDEX_FILE_NAME,
  MAX_CREATED_KEYS,
  RELEASES_DIR_NAME,
  storeIndexSchema,
  type StoreIndex,
} from './store-index.js';
import { acquireStoreLock, type StoreLock } from './store-lock.js';
import { fsyncDir, removeStaleTempFiles, removeStaleTempFilesIn } from './write-file-atomic.js';
import { dataDirProblem, StoreUnwritableError } from './store-write-error.js';

export interface LowdbStoreOptions {
  dataDir: string;
  logger?: Logger;
  clock?: Clock;
  /** Replaces the built-in MIGRATIONS of releases.json (versions before 1); tests use it to prove the mechanism. */
  migrations?: Migrations;
  /** How many create dedupe keys to remember (default MAX_CREATED_KEYS). */
  maxCreatedKeys?: number;
  /**
   * For reports next to a running bot: takes no lock, never writes (a migration or an unfinished archive move is
   * applied in memory only), and every write method rejects with StoreReadOnlyError.
   */
  readOnly?: boolean;
}

const INDEX_ADVICE =
  'The file was left exactly as it was. Restore it from a backup, or move it away: the store then rebuilds it from ' +
  `${RELEASES_DIR_NAME}/ and ${ARCHIVE_FILE_NAME} (forgetting which chat events already created a release).`;

/**
 * Opens (or creates) the store in `dataDir`: releases/R-n.json holds each active release, releases-index.json the
 * next id and the dedupe keys, archive.jsonl the archived releases. A store in the old layout (releases.json) is
 * migrated first, keeping the old file as a backup.
 * Throws a StoreOpenError (StoreCorruptError, StoreVersionError, StoreLockedError), without touching any file, when a
 * file cannot be read, migrated or validated, or another running bot holds the directory.
 */
export async function openLowdbStore(opts: LowdbStoreOptions): Promise<ReleaseStore> {
  const logger = opts.logger ?? silentLogger;
  let lock: StoreLock | undefined;
  try {
    if (!opts.readOnly) await mkdir(opts.dataDir, { recursive: true });
    lock = opts.readOnly ? undefined : await acquireStoreLock(opts.dataDir, logger);
    return await openLocked(opts, logger, lock);
  } catch (error) {
    await lock?.release();
    const problem = dataDirProblem(error, opts.dataDir);
    throw problem ? new StoreUnwritableError(problem, opts.dataDir) : error;
  }
}

function decodeIndex(file: string, raw: unknown): StoreIndex {
  const version = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>).schemaVersion : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > CURRENT_SCHEMA_VERSION)
    throw new StoreVersionError(file, version, CURRENT_SCHEMA_VERSION);
  const parsed = storeIndexSchema.safeParse(raw);
  if (!parsed.success) throw new StoreCorruptError(file, formatIssues(parsed.error), INDEX_ADVICE);
  return parsed.data;
}

/** releases.json of the old layout, migrated to its last version and validated; undefined when there is none. */
async function readHotFile(file: string, migrations: Migrations): Promise<{ hot: HotFile; from: number } | undefined> {
  let from = 0;
  const hot = await new DurableJsonFile<HotFile>(file, (raw) => {
    const migrated = migrateHotFile(file, raw, migrations);
    const parsed = hotFileSchema.safeParse(migrated.data);
    if (!parsed.success) throw new StoreCorruptError(file, formatIssues(parsed.error));
    from = migrated.from;
    return parsed.data;
  }).read();
  return hot === null ? undefined : { hot, from };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function openLocked(opts: LowdbStoreOptions, logger: Logger, lock: StoreLock | undefined): Promise<ReleaseStore> {
  const clock = opts.clock ?? systemClock;
  const readOnly = opts.readOnly ?? false;
  const indexPath = path.join(opts.dataDir, INDEX_FILE_NAME);
  const hotPath = path.join(opts.dataDir, HOT_FILE_NAME);
  const files = new ReleaseFiles(path.join(opts.dataDir, RELEASES_DIR_NAME));

  // Everything is read and validated before anything is written, so a bad file refuses the open untouched.
  let indexFound = false;
  const low = new Low<StoreIndex>(
    new DurableJsonFile(indexPath, (raw) => {
      indexFound = true;
      return decodeIndex(indexPath, raw);
    }),
    emptyStoreIndex(),
  );
  await low.read();
  const legacy = indexFound ? undefined : await readHotFile(hotPath, opts.migrations ?? MIGRATIONS);
  const leftoverHotFile = indexFound && (await exists(hotPath));
  // Release files before the archive: a release archived by a bot running beside a read-only reader, between the two
  // reads, is then still found in one of them.
  const { releases, strangers } = await files.readAll();
  if (strangers.length > 0) logger.warn('files in the releases directory that are not releases are left alone', { dir: files.dir, files: strangers });
  const active = new Map<string, Release>();
  for (const release of releases) active.set(release.id, release);
  if (legacy) {
    // Files already in releases/ without an index are copies from a migration that was interrupted: releases.json wins.
    for (const release of Object.values(legacy.hot.releases)) active.set(release.id, release);
  }
  const sorted = new Map([...active.values()].sort((a, b) => a.seq - b.seq).map((r) => [r.id, r] as const));

  const archive = new ArchiveFile(path.join(opts.dataDir, ARCHIVE_FILE_NAME), logger);
  await archive.init();

  let index = low.data;
  let indexChanged = false;
  if (legacy) {
    index = { schemaVersion: CURRENT_SCHEMA_VERSION, nextSeq: legacy.hot.nextSeq, createdKeys: legacy.hot.createdKeys };
  } else if (!indexFound) {
    const archived = await archive.maxSeq();
    if (sorted.size > 0 || archived > 0) {
      index = { ...index, nextSeq: archived + 1 };
      indexChanged = true;
      logger.warn('the release index is missing; rebuilt it from the release files and the archive', { file: indexPath, archivedUpTo: archived });
    }
  }
  // The index is written before a release file, so this only bites after an old index was put back: ids stay unique.
  const highest = Math.max(0, ...[...sorted.values()].map((r) => r.seq));
  if (index.nextSeq <= highest) {
    logger.warn('the release index is behind the release files; its next id is moved past them', { file: indexPath, nextSeq: index.nextSeq, highestSeq: highest });
    index = { ...index, nextSeq: highest + 1 };
    indexChanged = true;
  }
  low.data = index;

  if (!readOnly) {
    const stale = [
      ...(await removeStaleTempFiles(indexPath)),
      ...(await removeStaleTempFiles(hotPath)),
      ...(await removeStaleTempFilesIn(files.dir)),
    ];
    if (stale.length > 0) logger.info('removed temp files left by an interrupted write', { files: stale });
    if ((await mkdir(files.dir, { recursive: true })) !== undefined) await fsyncDir(opts.dataDir);
    if (legacy) await migrateToReleaseFiles({ releases: [...sorted.values()], from: legacy.from, hotPath, files, low, clock, logger });
    else if (indexChanged) await low.write();
    if (leftoverHotFile) await renameLeftoverHotFile(hotPath, clock, logger);
  }

  const store = new LowdbReleaseStore(low, files, archive, sorted, logger, {
    maxCreatedKeys: opts.maxCreatedKeys ?? MAX_CREATED_KEYS,
    readOnly,
    indexFile: indexPath,
    onClose: async () => lock?.release(),
  });
  await store.recoverHalfDoneMoves();
  logger.info('release store opened', { dir: opts.dataDir, readOnly, active: sorted.size, nextSeq: low.data.nextSeq });
  return store;
}
