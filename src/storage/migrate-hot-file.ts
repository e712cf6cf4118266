import { CURRENT_SCHEMA_VERSION } from './hot-file.js';
import { StoreCorruptError, StoreVersionError } from './store-errors.js';

/** `MIGRATIONS[n]` turns a version-n file into a version n+1 file. Applied in order, before validation. */
export type Migrations = Readonly<Record<number, (data: Record<string, unknown>) => unknown>>;

/** Version 1 is the first stored format, so there is nothing to migrate yet. */
export const MIGRATIONS: Migrations = {};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Brings parsed file content up to CURRENT_SCHEMA_VERSION; `from` is the version found in the file. */
export function migrateHotFile(
  file: string,
  raw: unknown,
  migrations: Migrations = MIGRATIONS,
  current = CURRENT_SCHEMA_VERSION,
): { data: Record<string, unknown>; from: number } {
  if (!isRecord(raw)) throw new StoreCorruptError(file, ['(top level): expected a JSON object']);
  const from = raw.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0)
    throw new StoreCorruptError(file, [`schemaVersion: expected a whole number, found ${JSON.stringify(from) ?? 'nothing'}`]);
  if (from > current) throw new StoreVersionError(file, from, current);
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
