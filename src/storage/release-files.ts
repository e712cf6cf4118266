import type { Dirent } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { releaseSchema, type Release } from '../domain/release-schema.js';
import { isNotFound, readJsonFile } from './durable-json-file.js';
import { formatIssues } from './format-issues.js';
import { StoreCorruptError } from './store-errors.js';
import { fsyncDir, isTempFileName, writeFileAtomic } from './write-file-atomic.js';

const RELEASE_FILE = /^(R-\d+)\.json$/;
const ADVICE =
  'The file was left exactly as it was. Restore it from a backup or repair it; moving it out of the directory opens the store without that release.';
/** Enough reads in flight to keep the disk busy at open without holding a thousand file handles. */
const READ_LANES = 32;

export interface ReleaseDir {
  /** Every release file, validated, by seq. */
  releases: Release[];
  /** Names that are neither a release file nor a write's temp file: left alone. */
  strangers: string[];
}

/**
 * The directory of active releases, one `R-12.json` per release, each written atomically on its own: a step action
 * writes one small file whatever the number of active releases.
 */
export class ReleaseFiles {
  constructor(readonly dir: string) {}

  fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  /**
   * Reads and validates every release file; the first one that is not valid refuses the open, naming it. A file that
   * vanishes between the listing and the read was archived meanwhile by a bot running beside a read-only reader.
   */
  async readAll(): Promise<ReleaseDir> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (error) {
      if (isNotFound(error)) return { releases: [], strangers: [] };
      throw error;
    }
    const ids: string[] = [];
    const strangers: string[] = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const id = entry.isFile() ? RELEASE_FILE.exec(entry.name)?.[1] : undefined;
      if (id !== undefined) ids.push(id);
      else if (!isTempFileName(entry.name)) strangers.push(entry.name);
    }
    const found: Array<Release | undefined> = new Array(ids.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < ids.length; i = next++) found[i] = await this.read(ids[i]!);
    };
    await Promise.all(Array.from({ length: Math.min(READ_LANES, ids.length) }, lane));
    const releases = found.filter((r): r is Release => r !== undefined).sort((a, b) => a.seq - b.seq);
    return { releases, strangers };
  }

  /** One release file, validated; undefined if it does not exist. */
  async read(id: string): Promise<Release | undefined> {
    const file = this.fileOf(id);
    const raw = await readJsonFile(file, ADVICE);
    if (raw === undefined) return undefined;
    const parsed = releaseSchema.safeParse(raw);
    if (!parsed.success) throw new StoreCorruptError(file, formatIssues(parsed.error), ADVICE);
    if (parsed.data.id !== id) throw new StoreCorruptError(file, [`id: "${parsed.data.id}" does not match the file name`], ADVICE);
    return parsed.data;
  }

  /** Durable once the directory is synced too: by this call, or by the caller's syncDir() after a group of writes. */
  write(release: Release, opts: { syncDir?: boolean } = {}): Promise<void> {
    return writeFileAtomic(this.fileOf(release.id), JSON.stringify(release), opts);
  }

  /** Removes a release's file; one that is already gone is fine. */
  async remove(id: string): Promise<void> {
    try {
      await unlink(this.fileOf(id));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  syncDir(): Promise<void> {
    return fsyncDir(this.dir);
  }
}
