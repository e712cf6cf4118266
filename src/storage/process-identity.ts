import { readFile } from 'node:fs/promises';

/** What tells one process apart from a later one that got the same pid: its start time, and whether it still runs. */
export interface ProcessIdentity {
  /** Clock ticks after boot at which it started (Linux /proc/<pid>/stat field 22). */
  startedAt: string;
  /** Z (zombie) or X (dead) means it is gone, though the kernel still lists it. */
  state: string;
}

/** Reads /proc; undefined where there is no such process or no /proc (then only liveness can be checked). */
export async function processIdentity(pid: number): Promise<ProcessIdentity | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or parentheses itself: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const startedAt = fields[19];
    return state && startedAt ? { state, startedAt } : undefined;
  } catch {
    return undefined;
  }
}
