import { HOT_FILE_VERSION } from './hot-file.js';
import { StoreCorruptError } from './store-errors.js';

/** `MIGRATIONS[n]` turns a version-n file into a version n+1 file. Applied in order, before validation. */
export type Migrations = Readonly<Record<number, (data: Record<string, unknown>) => unknown>>;

/** Version 1 is the first stored format, so there is nothing to migrate yet. */
export const MIGRATIONS: Migrations = {};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Brings parsed releases.json content up to its last version (1); `from` is the version found in the file. */
export function migrateHotFile(
  file: string,
  raw: unknown,
  migrations: Migrations = MIGRATIONS,
  current = HOT_FILE_VERSION,
): { data: Record<string, unknown>; from: number } {
  if (!isRecord(raw)) throw new StoreCorruptError(file, ['(top level): expected a JSON object']);
  const from = raw.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0)
    throw new StoreCorruptError(file, [`schemaVersion: expected a whole number, found ${JSON.stringify(from) ?? 'nothing'}`]);
  // Later versions keep one file per release (store-index.ts) and never write releases.json, so this one was not made by the bot.
  if (from > current)
    throw new StoreCorruptError(file, [`schemaVersion: ${from} is not a version of this file (its last version is ${current}; later versions keep one file per release)`]);
  let data = raw;
  for (let version = from; version < current; version += 1) {
    const step = migrations[version];
    if (!step) throw new StoreCorruptError(file, [`schemaVersion: no migration from version ${version} to ${version + 1}`]);
    let next: unknown;
    try {
      next = step(data);
    } catch (error) {
      throw new StoreCorruptError(file, [`migration from version ${version} failed: ${(error as Error).message}`]);
    }
    if (!isRecord(next)) throw new StoreCorruptError(file, [`migration from version ${version} did not produce an object`]);
    data = { ...next, schemaVersion: version + 1 };
  }
  return { data, from };
}
