import type { Release } from '../domain/release-schema.js';

/** `update` on an id the hot set does not hold (unknown, or archived) rejects with this, whatever the implementation. */
export { UnknownReleaseError } from './store-errors.js';

/**
 * What a change function returns: the new release to store (or `undefined` to store nothing) and a result for the caller.
 */
export interface Change<T> {
  release?: Release;
  result: T;
}

/**
 * The one storage port. The lowdb file store implements it today; a PostgreSQL store can drop in later.
 *
 * Rules every implementation keeps:
 * 1. Durable before resolved: when a write method's promise resolves, the change survives a kill -9 of the process.
 * 2. Serialised: `update` calls on one release never interleave, so concurrent actions lose no update.
 *    The change function sees the latest stored state and must be synchronous and free of side effects.
 * 3. Ids are allocated once: `create` never hands out the same R-number twice, even across restarts.
 * 4. `create` with a dedupe key already seen returns the release it created then, and writes nothing.
 * 5. Hot versus archive: `listActive` returns releases that are not yet archived, cheaply (the scheduler calls it every tick).
 *    `archive` moves a closed or cancelled release out of the hot set; `get` and `readArchive` still find it,
 *    so the cost of an action does not grow with history while reports lose nothing.
 * 6. Everything read back has been validated against the release schema; a store that cannot validate its data refuses to open.
 * 7. Returned releases are copies: mutating them changes nothing stored.
 */
export interface ReleaseStore {
  create(build: (id: string, seq: number) => Release, dedupeKey?: string): Promise<{ release: Release; duplicate: boolean }>;
  get(id: string): Promise<Release | undefined>;
  /** Throws if the release is unknown. Rejects without writing if `change` throws. */
  update<T>(id: string, change: (current: Release) => Change<T>): Promise<T>;
  listActive(): Promise<Release[]>;
  archive(id: string): Promise<void>;
  readArchive(): AsyncIterable<Release>;
  close(): Promise<void>;
}
