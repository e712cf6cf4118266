import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { activeOnDisk, build, closeRelease, indexFile, readIndex, releaseFile, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

describe('lowdb release store: ids and dedupe keys', () => {
  it('returns the first release for a repeated dedupe key, also when both arrive at once, and writes nothing', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const [a, b] = await Promise.all([store.create(build({ title: 'once' }), 'slack:Ev1'), store.create(build({ title: 'twice' }), 'slack:Ev1')]);
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ release: a.release, duplicate: true });
    const before = [await readFile(indexFile(dataDir)), await readFile(releaseFile(dataDir, 'R-1'))];
    expect((await store.create(build(), 'slack:Ev1')).duplicate).toBe(true);
    expect([await readFile(indexFile(dataDir)), await readFile(releaseFile(dataDir, 'R-1'))]).toEqual(before);
    expect(await activeOnDisk(dataDir)).toEqual(['R-1']);
    expect((await store.create(build(), 'slack:Ev2')).release.id).toBe('R-2');
    await store.close();

    const reopened = await openLowdbStore({ dataDir });
    expect(await reopened.create(build(), 'slack:Ev1')).toEqual({ release: a.release, duplicate: true });
    await reopened.close();
  });

  it('forgets the dedupe keys of archived releases, so history does not grow the index', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build(), 'teams:act-1');
    await store.create(build(), 'teams:act-2');
    await store.update(release.id, closeRelease);
    await store.archive(release.id);
    expect((await readIndex(dataDir)).createdKeys).toEqual({ 'teams:act-2': 'R-2' });
    expect((await store.create(build(), 'teams:act-2')).duplicate).toBe(true);
    await store.close();
  });

  it('still answers a dedupe key whose release is in the archive (a file from before keys were dropped)', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build(), 'teams:act-1');
    await store.update(release.id, closeRelease);
    await store.archive(release.id);
    await store.close();
    const data = await readIndex(dataDir);
    await writeFile(indexFile(dataDir), JSON.stringify({ ...data, createdKeys: { 'teams:act-1': 'R-1' } }));

    const reopened = await openLowdbStore({ dataDir });
    const again = await reopened.create(build(), 'teams:act-1');
    expect(again).toMatchObject({ duplicate: true, release: { id: 'R-1', status: 'closed' } });
    await reopened.close();
  });

  it('never reuses an id across restarts, even when the newest release was archived', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build());
    const { release } = await store.create(build());
    await store.update(release.id, closeRelease);
    await store.archive(release.id);
    await store.close();

    const reopened = await openLowdbStore({ dataDir });
    expect((await reopened.listActive()).map((r) => r.id)).toEqual(['R-1']);
    expect((await reopened.create(build())).release.id).toBe('R-3');
    await reopened.close();
  });

  it('keeps only the last maxCreatedKeys dedupe keys, and forgets the oldest', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir, maxCreatedKeys: 50 });
    const total = 53;
    await Promise.all(Array.from({ length: total }, (_, i) => store.create(build({ stepCount: 1 }), `key-${i}`)));
    await store.close();
    const onDisk = await readIndex(dataDir);
    const keys = Object.keys(onDisk.createdKeys);
    expect(keys).toHaveLength(50);
    expect(keys[0]).toBe('key-3');
    expect(onDisk.createdKeys[`key-${total - 1}`]).toBe(`R-${total}`);
    const reopened = await openLowdbStore({ dataDir, maxCreatedKeys: 50 });
    expect((await reopened.create(build(), 'key-3')).duplicate).toBe(true);
    expect((await reopened.create(build(), 'key-0')).duplicate).toBe(false);
    await reopened.close();
  });
});
