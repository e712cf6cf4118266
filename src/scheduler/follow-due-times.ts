import type { Logger } from '../logging/logger.js';
import type { ReleaseStore } from '../storage/release-store.js';
import type { ReleaseChanges } from '../storage/watch-release-changes.js';
import { DueIndex } from './due-index.js';
import { findDueReminders, nextDueAt, type DueReminder, type DuePolicy } from './find-due-reminders.js';
import { runBounded } from './run-bounded.js';

export interface DueTimes {
  /** The due reminders of the releases whose next due time has come, grouped as `findDueReminders` groups them. */
  groups(now: Date): Promise<DueReminder[][]>;
  /** Releases with an entry (something that can come due); for tests and benches. */
  size(): number;
}

/**
 * The scheduler's next-due index: built once from `listActive()` (on the first call), then kept up to date from the
 * store's change reports, so a tick with nothing due does O(1) work and a tick with something due reads only those
 * releases. Subscribes at once, so no write made after this call is missed, even while the index is being built.
 */
export function followDueTimes(opts: { store: ReleaseStore; changes: ReleaseChanges; policy: DuePolicy; concurrency: number; logger: Logger }): DueTimes {
  const { store, policy, logger } = opts;
  const index = new DueIndex();
  opts.changes.subscribe({
    // The write may fail after this: keep the earlier time, at worst one release is read for nothing.
    proposed: (release) => index.lower(release.id, nextDueAt(release, policy)),
    stored: (id, release) => index.settle(id, release ? nextDueAt(release, policy) : undefined),
  });

  let built: Promise<void> | undefined;
  function build(): Promise<void> {
    built ??= store.listActive().then(
      (releases) => {
        // Merged with what changed meanwhile by taking the earlier time, as the listing may predate those changes.
        for (const release of releases) index.lower(release.id, nextDueAt(release, policy));
      },
      (error: unknown) => {
        built = undefined;
        throw error;
      },
    );
    return built;
  }

  async function groups(now: Date): Promise<DueReminder[][]> {
    await build();
    if (index.earliest() > now.getTime()) return [];
    const ids = index.due(now.getTime());
    const found: Array<DueReminder[] | undefined> = [];
    await runBounded(
      ids.map((id, i) => ({ id, i })),
      opts.concurrency,
      async ({ id, i }) => {
        const stamp = index.stampOf(id);
        try {
          const release = await store.get(id);
          const group = release ? findDueReminders([release], now, policy)[0] : undefined;
          if (group) found[i] = group;
          // Too early (or archived): correct the entry, unless a write came in while we read.
          else index.settleIf(id, release ? nextDueAt(release, policy) : undefined, stamp);
        } catch (err) {
          logger.error('reminder check could not read the release; trying again next tick', { releaseId: id, err });
        }
      },
    );
    return found.filter((g): g is DueReminder[] => g !== undefined);
  }

  return { groups, size: () => index.size };
}
