import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import { StoreLockedError } from './store-errors.js';
import { processIdentity } from './process-identity.js';

export const LOCK_FILE_NAME = 'releases.lock';

/** Lock files this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

export interface StoreLock {
  release(): Promise<void>;
}

/** How long a holder that is on its way out (killed, not yet reaped) is given to go before the lock is refused. */
const DYING_GRACE_MS = 2_000;
const POLL_MS = 100;

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Holder {
  pid?: number;
  /** The holder's start time when it took the lock: a different one now means the pid was reused. */
  startedAt?: string;
}

async function holderOf(file: string): Promise<Holder> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown; startedAt?: unknown };
    const pid = typeof data.pid === 'number' && Number.isInteger(data.pid) && data.pid > 0 ? data.pid : undefined;
    return { ...(pid ? { pid } : {}), ...(typeof data.startedAt === 'string' ? { startedAt: data.startedAt } : {}) };
  } catch {
    return {};
  }
}

/**
 * Whether the process that wrote the lock still runs: a zombie (killed, not yet reaped by its parent) does not, and
 * neither does a new process that was given the same pid.
 */
async function holderRuns(holder: Holder): Promise<boolean> {
  if (holder.pid === undefined || !signalable(holder.pid)) return false;
  const now = await processIdentity(holder.pid);
  if (!now) return true;
  if (now.state === 'Z' || now.state === 'X') return false;
  return holder.startedAt === undefined || holder.startedAt === now.startedAt;
}

/** A holder that is exiting gets a moment to finish, so a supervisor's immediate restart after kill -9 just works. */
async function holderStays(holder: Holder): Promise<boolean> {
  for (const until = Date.now() + DYING_GRACE_MS; Date.now() < until; ) {
    if (!(await holderRuns(holder))) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return holderRuns(holder);
}

/**
 * One writer per data directory. A lock left by a dead process (kill -9, power cut) is taken over, and so is one
 * held by a zombie or by a process that exits within a short grace period, or whose pid now belongs to another
 * process (its start time differs); so is one with our own pid that this process does not hold, which is what a
 * restarted container (pid 1 again) finds.
 */
export async function acquireStoreLock(dataDir: string, logger: Logger): Promise<StoreLock> {
  const file = path.resolve(dataDir, LOCK_FILE_NAME);
  if (heldHere.has(file)) throw new StoreLockedError(file, 'another store in this process');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      try {
        const me = await processIdentity(process.pid);
        await handle.writeFile(JSON.stringify({ pid: process.pid, ...(me ? { startedAt: me.startedAt } : {}), since: new Date().toISOString() }));
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
    const seen = await readFile(file, 'utf8').catch(() => '');
    const holder = await holderOf(file);
    const pid = holder.pid;
    if (pid !== undefined && pid !== process.pid && (await holderStays(holder))) throw new StoreLockedError(file, `another Release Bot (pid ${pid})`);
    // Another bot restarting at the same moment may have taken the lock meanwhile: only the lock judged gone is removed.
    if ((await readFile(file, 'utf8').catch(() => '')) !== seen) continue;
    logger.warn('taking over a store lock left by a process that is gone', { file, pid });
    await unlink(file).catch(() => undefined);
  }
  throw new StoreLockedError(file, 'another process');
}
