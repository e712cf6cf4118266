import { StoreOpenError } from './store-errors.js';

const FULL = new Set(['ENOSPC', 'EDQUOT']);
const READ_ONLY = new Set(['EROFS']);
const FORBIDDEN = new Set(['EACCES', 'EPERM']);

function errnoOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Why DATA_DIR cannot be written, in words an operator acts on; undefined for faults that are not about the directory.
 * The path is named only for the operator (at startup): people in chat are not shown the server's file system.
 */
export function dataDirProblem(error: unknown, dataDir?: string): string | undefined {
  const code = errnoOf(error);
  const where = dataDir ? `${dataDir}: ` : '';
  if (!code) return undefined;
  if (FULL.has(code)) return `DATA_DIR is full (${where}no space left on the device)`;
  if (READ_ONLY.has(code)) return `DATA_DIR is read-only (${where}a read-only file system)`;
  if (FORBIDDEN.has(code)) return `DATA_DIR is not writable by the bot (${where}permission denied)`;
  return undefined;
}

/**
 * A change that could not be written. Its message says that nothing was saved and why, so no surface can claim
 * success or hide the cause behind "try again".
 */
export class StoreWriteError extends Error {
  constructor(
    readonly problem: string,
    options: { cause: unknown },
  ) {
    super(`Not saved: ${problem}. Your change was not recorded; tell whoever runs the bot, then try again.`, options);
    this.name = 'StoreWriteError';
  }
}

/** DATA_DIR cannot be written at startup: the bot stops with one plain line instead of a stack trace. */
export class StoreUnwritableError extends StoreOpenError {
  constructor(problem: string, dataDir: string) {
    super(`The release store cannot be opened: ${problem}. Point DATA_DIR at a writable directory with free space.`, dataDir);
  }
}

/** Wraps a write failure that is about the directory; other errors pass through unchanged (the log has the path). */
export function asWriteError(error: unknown): unknown {
  const problem = dataDirProblem(error);
  return problem ? new StoreWriteError(problem, { cause: error }) : error;
}
