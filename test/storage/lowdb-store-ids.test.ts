import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { build, closeRelease, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

describe('lowdb release store: ids and dedupe keys', () => {
  it('returns the first release for a repeated dedupe key, also when both arrive at once, and writes nothing', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const [a, b] = await Promise.all([store.create(build({ title: 'once' }), 'slack:Ev1'), store.create(build({ title: 'twice' }), 'slack:Ev1')]);
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ release: a.release, duplicate: true });
    const file = path.join(dataDir, 'releases.json');
    const before = await readFile(file);
    expect((await store.create(build(), 'slack:Ev1')).duplicate).toBe(true);
    expect(await readFile(file)).toEqual(before);
    expect((await store.create(build(), 'slack:Ev2')).release.id).toBe('R-2');
    await store.close();

    const reopened = await openLowdbStore({ dataDir });
    expect(await reopened.create(build(), 'slack:Ev1')).toEqual({ release: a.release, duplicate: true });
    await reopened.close();
  });

  it('still finds the release of a dedupe key after it was archived', async () => {
    const store = await openLowdbStore({ dataDir: await tempDataDir() });
    const { release } = await store.create(build(), 'teams:act-1');
    await store.update(release.id, closeRelease);
    await store.archive(release.id);
    const again = await store.create(build(), 'teams:act-1');
    expect(again.duplicate).toBe(true);
    expect(again.release.status).toBe('closed');
    await store.close();
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
    const onDisk = JSON.parse(await readFile(path.join(dataDir, 'releases.json'), 'utf8'));
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
