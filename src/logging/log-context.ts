import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one request or one release carries: its request id, its release. */
export interface LogContext {
  requestId?: string;
  releaseId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these fields added to every log line it writes, on top of the fields already in force. */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
