import type { Release } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import type { ReleaseStore } from './release-store.js';

/**
 * Told of every write through the watched store. Called synchronously, so it must be quick, must not throw, and
 * must neither change nor keep the release it is given.
 */
export interface ReleaseChangeListener {
  /**
   * A change function (or create's build) produced this release, in the order the store ran them; the write may
   * still fail, so treat it as "may be stored".
   */
  proposed(release: Release): void;
  /** This is the release as stored, and no later change of it has been proposed since; undefined once archived. */
  stored(id: string, release: Release | undefined): void;
}

export interface ReleaseChanges {
  /** Answers the unsubscribe. */
  subscribe(listener: ReleaseChangeListener): () => void;
}

export interface WatchedReleaseStore extends ReleaseStore {
  readonly changes: ReleaseChanges;
}

/**
 * The store with its writes reported as they happen, so a reader (the scheduler's next-due index) can follow
 * every change without scanning. A decorator like the timed store: it sees what each change function returned and
 * whether the write then went through. Only writes through this object are seen, so every writer must be given it.
 */
export function watchReleaseChanges(store: ReleaseStore, logger: Logger): WatchedReleaseStore {
  const listeners = new Set<ReleaseChangeListener>();
  // Per release, the newest change under way: an older write that lands later must not report its state as the latest.
  const newest = new Map<string, number>();
  let counter = 0;

  function emit(call: (l: ReleaseChangeListener) => void): void {
    for (const l of listeners) {
      try {
        call(l);
      } catch (err) {
        logger.error('a release change listener failed', { err });
      }
    }
  }

  function begin(id: string, release?: Release): number {
    const n = ++counter;
    newest.set(id, n);
    if (release) emit((l) => l.proposed(release));
    return n;
  }

  function end(id: string, n: number, stored: { release: Release | undefined } | 'failed'): void {
    if (newest.get(id) !== n) return;
    newest.delete(id);
    // A failed write leaves only what was proposed: the listener keeps the earlier of old and new.
    if (stored !== 'failed') emit((l) => l.stored(id, stored.release));
  }

  return {
    changes: {
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
    async create(build, dedupeKey) {
      let built: { id: string; n: number } | undefined;
      try {
        const out = await store.create((id, seq) => {
          const release = build(id, seq);
          built = { id: release.id, n: begin(release.id, release) };
          return release;
        }, dedupeKey);
        if (built) end(built.id, built.n, out.duplicate ? 'failed' : { release: out.release });
        return out;
      } catch (error) {
        if (built) end(built.id, built.n, 'failed');
        throw error;
      }
    },
    async update(id, change) {
      let n: number | undefined;
      let produced: Release | undefined;
      try {
        const result = await store.update(id, (current) => {
          const out = change(current);
          if (out.release) {
            produced = out.release;
            n = begin(id, out.release);
          }
          return out;
        });
        if (n !== undefined) end(id, n, { release: produced });
        return result;
      } catch (error) {
        if (n !== undefined) end(id, n, 'failed');
        throw error;
      }
    },
    async archive(id) {
      const n = begin(id);
      try {
        await store.archive(id);
        end(id, n, { release: undefined });
      } catch (error) {
        end(id, n, 'failed');
        throw error;
      }
    },
    get: (id) => store.get(id),
    listActive: () => store.listActive(),
    readArchive: () => store.readArchive(),
    close: () => store.close(),
  };
}
