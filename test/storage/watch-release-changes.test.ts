import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/domain/release-schema.js';
import type { Change, ReleaseStore } from '../../src/storage/release-store.js';
import { watchReleaseChanges } from '../../src/storage/watch-release-changes.js';
import { MemoryReleaseStore } from '../helpers/memory-store.js';
import { recordingLogger } from '../scheduler/harness.js';
import { releaseWith } from '../scheduler/fixtures.js';

const now = new Date('2026-06-01T00:00:00Z');
const build = (id: string, seq: number) => releaseWith({ id, seq, plannedAt: '2026-06-10T07:00:00.000Z', now });
const retitle = (title: string) => (r: Release): Change<string> => ({ release: { ...r, title }, result: title });

/** What a listener heard, as short lines. */
function listen(store: ReturnType<typeof watchReleaseChanges>): string[] {
  const heard: string[] = [];
  store.changes.subscribe({
    proposed: (r) => heard.push(`proposed ${r.id} ${r.title}`),
    stored: (id, r) => heard.push(r ? `stored ${id} ${r.title}` : `stored ${id} gone`),
  });
  return heard;
}

describe('watchReleaseChanges', () => {
  it('reports what each write proposed and, once it went through, what is stored; nothing for writes that change nothing', async () => {
    const memory = new MemoryReleaseStore();
    const store = watchReleaseChanges(memory, recordingLogger().logger);
    const heard = listen(store);
    const { release } = await store.create(build, 'key-1');
    expect((await store.create(build, 'key-1')).duplicate).toBe(true);
    expect(await store.update(release.id, retitle('Renamed'))).toBe('Renamed');
    await store.update(release.id, () => ({ result: 'unchanged' }));
    await expect(store.update(release.id, () => { throw new Error('refused'); })).rejects.toThrow('refused');
    await store.update(release.id, (r) => ({ release: { ...r, status: 'cancelled' }, result: undefined }));
    await store.archive(release.id);
    expect(heard).toEqual([
      'proposed R-1 Checkout v2',
      'stored R-1 Checkout v2',
      'proposed R-1 Renamed',
      'stored R-1 Renamed',
      'proposed R-1 Renamed',
      'stored R-1 Renamed',
      'stored R-1 gone',
    ]);
  });

  it('a write that fails after its change function ran is only proposed; an archive that fails reports nothing', async () => {
    const memory = new MemoryReleaseStore();
    const failing: ReleaseStore = Object.assign(Object.create(memory) as ReleaseStore, {
      update: (id: string, change: (r: Release) => Change<unknown>) =>
        memory.get(id).then((r) => {
          change(r as Release);
          throw new Error('EIO');
        }),
      archive: () => Promise.reject(new Error('EIO')),
    });
    const store = watchReleaseChanges(failing, recordingLogger().logger);
    const { release } = await memory.create(build);
    const heard = listen(store);
    await expect(store.update(release.id, retitle('Lost'))).rejects.toThrow('EIO');
    await expect(store.archive(release.id)).rejects.toThrow('EIO');
    expect(heard).toEqual(['proposed R-1 Lost']);
  });

  it('an older write that lands after a newer one was proposed does not report its state as the latest', async () => {
    // A store that runs change functions in order but lets their writes land when the test says, in any order.
    const memory = new MemoryReleaseStore();
    const landings: Array<() => void> = [];
    const slow: ReleaseStore = Object.assign(Object.create(memory) as ReleaseStore, {
      update: <T>(id: string, change: (r: Release) => Change<T>) =>
        memory.update(id, change).then((result) => new Promise<T>((resolve) => landings.push(() => resolve(result)))),
    });
    const store = watchReleaseChanges(slow, recordingLogger().logger);
    const { release } = await memory.create(build);
    const heard = listen(store);
    const first = store.update(release.id, retitle('First'));
    const second = store.update(release.id, retitle('Second'));
    await new Promise((r) => setTimeout(r, 5));
    expect(heard).toEqual(['proposed R-1 First', 'proposed R-1 Second']);
    landings[1]!();
    await second;
    landings[0]!();
    await first;
    expect(heard).toEqual(['proposed R-1 First', 'proposed R-1 Second', 'stored R-1 Second']);
  });

  it('a listener that throws is logged and does not fail the write', async () => {
    const { logger, lines } = recordingLogger();
    const store = watchReleaseChanges(new MemoryReleaseStore(), logger);
    store.changes.subscribe({
      proposed: () => {
        throw new Error('listener bug');
      },
      stored: () => undefined,
    });
    const { release } = await store.create(build);
    expect(release.id).toBe('R-1');
    expect(lines.filter((l) => l.message === 'a release change listener failed')).toHaveLength(1);
  });
});
