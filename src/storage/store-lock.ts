import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import { StoreLockedError } from './store-errors.js';

export const LOCK_FILE_NAME = 'releases.lock';

/** Lock files this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

export interface StoreLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderPid(file: string): Promise<number | undefined> {
  try {
    const pid: unknown = (JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One writer per data directory. A lock left by a dead process (kill -9, power cut) is taken over; so is one
 * with our own pid that this process does not hold, which is what a restarted container (pid 1 again) finds.
 */
export async function acquireStoreLock(dataDir: string, logger: Logger): Promise<StoreLock> {
  const file = path.resolve(dataDir, LOCK_FILE_NAME);
  if (heldHere.has(file)) throw new StoreLockedError(file, 'another store in this process');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      } finally {
        await handle.close();
      }
      heldHere.add(file);
      return {
        async release() {
          if (!heldHere.delete(file)) return;
          await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = await holderPid(file);
    if (pid !== undefined && pid !== process.pid && isAlive(pid)) throw new StoreLockedError(file, `Release Bot process ${pid}`);
    logger.warn('taking over a store lock left by a process that is gone', { file, pid });
    await unlink(file).catch(() => undefined);
  }
  throw new StoreLockedError(file, 'another process');
}
