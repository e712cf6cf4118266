import { open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

function tempName(file: string): string {
  counter += 1;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter}.tmp`);
}

const TEMP_NAME = /^\..+\.\d+\.\d+\.tmp$/;

/** Whether `name` is a temp file that writeFileAtomic makes (and a crash may leave behind). */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Temp files a crash left behind: they never hold acknowledged data (the rename never happened). */
export async function removeStaleTempFiles(file: string): Promise<string[]> {
  const prefix = `.${path.basename(file)}.`;
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  const stale = names.filter((n) => n.startsWith(prefix) && isTempFileName(n));
  await Promise.all(stale.map((n) => unlink(path.join(path.dirname(file), n)).catch(() => undefined)));
  return stale;
}

/** Every temp file a crash left in `dir`, whichever file it was for. */
export async function removeStaleTempFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter(isTempFileName);
  await Promise.all(stale.map((n) => unlink(path.join(dir, n)).catch(() => undefined)));
  return stale;
}

/** Makes a created, renamed or removed directory entry survive a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return; // Platforms that cannot open a directory (Windows) order metadata themselves.
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` so that a crash at any moment leaves either the old or the new content, never a mix:
 * write a temp file in the same directory, fsync it, rename it over the target, fsync the directory.
 * `syncDir: false` leaves the directory fsync to a caller that writes several files and syncs their directory once.
 */
export async function writeFileAtomic(file: string, content: string, opts: { syncDir?: boolean } = {}): Promise<void> {
  const temp = tempName(file);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.datasync(); // flushes the data and the size; the directory fsync below covers the name
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (opts.syncDir !== false) await fsyncDir(path.dirname(file));
}
