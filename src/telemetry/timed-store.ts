import { isReleaseError } from '../domain/release-error.js';
import type { ReleaseStore } from '../storage/release-store.js';
import { UnknownReleaseError } from '../storage/store-errors.js';
import { elapsedMs, type StoreWriteOp, type Telemetry } from './telemetry.js';

/** A rejection that is the rules speaking (a refused change, an unknown release), not the store failing. */
function isRefusal(error: unknown): boolean {
  return isReleaseError(error) || error instanceof UnknownReleaseError;
}

/**
 * The store with its writes timed, as their callers wait for them. A decorator, so every store implementation is
 * measured the same way and none of them knows about telemetry. Reads pass straight through.
 */
export function timeStoreWrites(store: ReleaseStore, telemetry: Telemetry): ReleaseStore {
  async function timed<T>(op: StoreWriteOp, write: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      const result = await write();
      telemetry.storeWrite({ op, durationMs: elapsedMs(start), failed: false });
      return result;
    } catch (error) {
      telemetry.storeWrite({ op, durationMs: elapsedMs(start), failed: !isRefusal(error) });
      throw error;
    }
  }
  return {
    create: (build, dedupeKey) => timed('create', () => store.create(build, dedupeKey)),
    update: (id, change) => timed('update', () => store.update(id, change)),
    archive: (id) => timed('archive', () => store.archive(id)),
    get: (id) => store.get(id),
    listActive: () => store.listActive(),
    readArchive: () => store.readArchive(),
    close: () => store.close(),
  };
}
