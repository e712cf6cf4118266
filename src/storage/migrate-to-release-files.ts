import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import type { Clock } from '../domain/clock.js';
import type { Release } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import type { ReleaseFiles } from './release-files.js';
import { CURRENT_SCHEMA_VERSION, type StoreIndex } from './store-index.js';
import { fsyncDir } from './write-file-atomic.js';

const WRITE_LANES = 16;

export function backupName(hotPath: string, tag: string, clock: Clock): string {
  return `${hotPath}.${tag}-${clock.now().toISOString().replace(/[:.]/g, '-')}.bak`;
}

/**
 * Moves a validated releases.json (schema version 1) to one file per release. The order makes every crash point safe:
 * 1. every release file (an interrupted run left only copies of what releases.json still holds; the next open
 *    writes them again),
 * 2. the index (`low.data`, already set by the caller): from here on the new layout is complete,
 * 3. releases.json is renamed to its backup, so the original bytes are kept and never read again. An open that finds
 *    an index and a releases.json was stopped between 2 and 3, and only does the rename (renameLeftoverHotFile).
 */
export async function migrateToReleaseFiles(args: {
  releases: Release[];
  from: number;
  hotPath: string;
  files: ReleaseFiles;
  low: Low<StoreIndex>;
  clock: Clock;
  logger: Logger;
}): Promise<void> {
  const { releases, files } = args;
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < releases.length; i = next++) await files.write(releases[i]!, { syncDir: false });
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_LANES, releases.length) }, lane));
  await files.syncDir();
  await args.low.write();
  const backup = backupName(args.hotPath, `v${args.from}`, args.clock);
  await rename(args.hotPath, backup);
  await fsyncDir(path.dirname(args.hotPath));
  args.logger.info('migrated the release store to one file per release', {
    file: args.hotPath,
    from: args.from,
    to: CURRENT_SCHEMA_VERSION,
    releases: releases.length,
    backup,
  });
}

/** A releases.json beside a complete index: a migration stopped just before its last step. Kept, under a backup name. */
export async function renameLeftoverHotFile(hotPath: string, clock: Clock, logger: Logger): Promise<void> {
  const backup = backupName(hotPath, 'migrated', clock);
  await rename(hotPath, backup);
  await fsyncDir(path.dirname(hotPath));
  logger.warn('releases.json was already migrated to one file per release; it is kept as a backup and not read', { file: hotPath, backup });
}
