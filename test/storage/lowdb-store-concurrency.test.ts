import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { build, note, releaseFile, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

describe('lowdb release store: concurrent updates', () => {
  it('loses none of 100 concurrent updates on one release, in memory and on disk', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build({ stepCount: 20 }));
    const keys = Array.from({ length: 100 }, (_, i) => `k-${i}`);
    const counts = await Promise.all(keys.map((k) => store.update(release.id, note(k))));

    // Each change saw the one before it: the audit lengths are 2..101, each exactly once.
    expect([...counts].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i + 2));
    const stored = await store.get(release.id);
    expect(stored?.audit.map((a) => a.key).slice(1)).toEqual(keys);
    expect(stored?.rev).toBe(100);

    const text = await readFile(releaseFile(dataDir, release.id), 'utf8');
    const onDisk = JSON.parse(text);
    expect(text).toBe(JSON.stringify(onDisk));
    expect(onDisk.audit.slice(1).map((a: { key: string }) => a.key)).toEqual(keys);
    await store.close();

    const reopened = await openLowdbStore({ dataDir });
    expect((await reopened.get(release.id))?.audit).toHaveLength(101);
    await reopened.close();
  });

  it('resolves each update only once the file holds it', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build());
    const file = releaseFile(dataDir, release.id);
    const seen = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await store.update(release.id, note(`w-${i}`));
        const onDisk = JSON.parse(await readFile(file, 'utf8'));
        return onDisk.audit.some((a: { key?: string }) => a.key === `w-${i}`) as boolean;
      }),
    );
    expect(seen.every(Boolean)).toBe(true);
    await store.close();
  });
});
