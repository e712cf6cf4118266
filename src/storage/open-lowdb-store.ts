import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { systemClock, type Clock } from '../domain/clock.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { ArchiveFile } from './archive-file.js';
import { DurableJsonFile } from './durable-json-file.js';
import { encodeHotFile } from './encode-hot-file.js';
import { formatIssues } from './format-issues.js';
import {
  ARCHIVE_FILE_NAME,
  CURRENT_SCHEMA_VERSION,
  emptyHotFile,
  HOT_FILE_NAME,
  hotFileSchema,
  MAX_CREATED_KEYS,
  type HotFile,
} from './hot-file.js';
import { LowdbReleaseStore } from './lowdb-release-store.js';
import { MIGRATIONS, migrateHotFile, type Migrations } from './migrate-hot-file.js';
import type { ReleaseStore } from './release-store.js';
import { StoreCorruptError } from './store-errors.js';
import { acquireStoreLock, type StoreLock } from './store-lock.js';
import { removeStaleTempFiles } from './write-file-atomic.js';
import { dataDirProblem, StoreUnwritableError } from './store-write-error.js';

export interface LowdbStoreOptions {
  dataDir: string;
  logger?: Logger;
  clock?: Clock;
  /** Replaces the built-in MIGRATIONS; tests use it to prove the mechanism. */
  migrations?: Migrations;
  /** How many create dedupe keys to remember (default MAX_CREATED_KEYS). */
  maxCreatedKeys?: number;
  /**
   * For reports next to a running bot: takes no lock, never writes (a migration or an unfinished archive move is
   * applied in memory only), and every write method rejects with StoreReadOnlyError.
   */
  readOnly?: boolean;
}

/**
 * Opens (or creates) the store in `dataDir`: releases.json holds active releases, archive.jsonl the archived ones.
 * Throws a StoreOpenError (StoreCorruptError, StoreVersionError, StoreLockedError), without touching the file,
 * when releases.json cannot be read, migrated or validated, or another running bot holds the directory.
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

async function openLocked(opts: LowdbStoreOptions, logger: Logger, lock: StoreLock | undefined): Promise<ReleaseStore> {
  const clock = opts.clock ?? systemClock;
  const readOnly = opts.readOnly ?? false;
  const hotPath = path.join(opts.dataDir, HOT_FILE_NAME);
  let migratedFrom: number | undefined;
  const decode = (raw: unknown): HotFile => {
    const { data, from } = migrateHotFile(hotPath, raw, opts.migrations ?? MIGRATIONS);
    const parsed = hotFileSchema.safeParse(data);
    if (!parsed.success) throw new StoreCorruptError(hotPath, formatIssues(parsed.error));
    if (from !== CURRENT_SCHEMA_VERSION) migratedFrom = from;
    return parsed.data;
  };
  const low = new Low<HotFile>(new DurableJsonFile(hotPath, decode, encodeHotFile), emptyHotFile());
  await low.read();

  if (!readOnly) {
    const stale = await removeStaleTempFiles(hotPath);
    if (stale.length > 0) logger.info('removed temp files left by an interrupted write', { files: stale });
  }
  if (migratedFrom !== undefined && !readOnly) {
    const backup = `${hotPath}.v${migratedFrom}-${clock.now().toISOString().replace(/[:.]/g, '-')}.bak`;
    await copyFile(hotPath, backup);
    await low.write();
    logger.info('migrated the release store', { file: hotPath, from: migratedFrom, to: CURRENT_SCHEMA_VERSION, backup });
  }

  const archive = new ArchiveFile(path.join(opts.dataDir, ARCHIVE_FILE_NAME), logger);
  await archive.init();
  const store = new LowdbReleaseStore(low, archive, logger, {
    maxCreatedKeys: opts.maxCreatedKeys ?? MAX_CREATED_KEYS,
    readOnly,
    file: hotPath,
    onClose: async () => lock?.release(),
  });
  await store.recoverHalfDoneMoves();
  logger.info('release store opened', { file: hotPath, readOnly, active: Object.keys(low.data.releases).length, nextSeq: low.data.nextSeq });
  return store;
}
