import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { InvalidReleaseError, StoreClosedError, UnknownReleaseError } from '../../src/storage/store-errors.js';
import {
  activeOnDisk,
  build,
  closeRelease,
  indexFile,
  note,
  readIndex,
  readReleaseFile,
  releaseFile,
  removeTempDirs,
  tempDataDir,
} from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

describe('lowdb release store: basics on a real file', () => {
  it('creates releases with R-numbers, stores them on disk, and reads them back after a restart', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const a = await store.create(build({ title: 'first' }));
    const b = await store.create(build({ title: 'second' }));
    expect([a.release.id, b.release.id]).toEqual(['R-1', 'R-2']);
    expect(a.duplicate).toBe(false);
    await store.close();

    const index = await readIndex(dataDir);
    expect(index.schemaVersion).toBe(2);
    expect(index.nextSeq).toBe(3);
    expect(await activeOnDisk(dataDir)).toEqual(['R-1', 'R-2']);
    expect(await readReleaseFile(dataDir, 'R-2')).toEqual(b.release);

    const reopened = await openLowdbStore({ dataDir });
    expect((await reopened.listActive()).map((r) => r.title)).toEqual(['first', 'second']);
    expect(await reopened.get('R-2')).toEqual(b.release);
    expect(await reopened.get('R-9')).toBeUndefined();
    await reopened.close();
  });

  // rev counting and returned copies are proved on every store by the contract suite (release-store-contract.test.ts).

  it('rejects only the caller whose change throws, and writes nothing for it', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build());
    const file = releaseFile(dataDir, release.id);
    const before = await readFile(file);
    await expect(
      store.update(release.id, () => {
        throw new Error('step 9 does not exist');
      }),
    ).rejects.toThrow('step 9 does not exist');
    expect(await readFile(file)).toEqual(before);

    const results = await Promise.allSettled([
      store.update(release.id, note('ok-1')),
      store.update(release.id, () => {
        throw new Error('boom');
      }),
      store.update(release.id, note('ok-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.get(release.id))?.audit.map((a) => a.key)).toEqual([undefined, 'ok-1', 'ok-2']);
    await store.close();
  });

  it('refuses a change that breaks the schema, naming the path, so a bug can never write a file that will not open', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build());
    const file = releaseFile(dataDir, release.id);
    const before = await readFile(file);
    const indexBefore = await readFile(indexFile(dataDir));
    const bad = store.update(release.id, (r) => ({ release: { ...r, steps: [{ stepId: 'x', state: 'finished' as 'done' }] }, result: 1 }));
    await expect(bad).rejects.toBeInstanceOf(InvalidReleaseError);
    await expect(bad).rejects.toThrow(/steps\[0\]\.state/);
    await expect(store.update(release.id, (r) => ({ release: { ...r, id: 'R-77' }, result: 1 }))).rejects.toThrow(/id or seq/);
    await expect(store.create((id, seq) => ({ ...release, id, seq, status: 'done' as 'closed' }))).rejects.toThrow(/status/);
    expect(await readFile(file)).toEqual(before);
    expect(await readFile(indexFile(dataDir))).toEqual(indexBefore);
    expect(await activeOnDisk(dataDir)).toEqual([release.id]);
    await store.close();
  });

  it('refuses updates to unknown releases and calls after close', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await expect(store.update('R-5', note('x'))).rejects.toBeInstanceOf(UnknownReleaseError);
    await store.close();
    await expect(store.create(build())).rejects.toBeInstanceOf(StoreClosedError);
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(path.join(dataDir, 'releases'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('lowdb release store: the files on disk', () => {
  it('are exactly JSON.stringify of their content, after creates, updates and archives of several releases', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    for (let i = 0; i < 4; i += 1) await store.create(build({ title: `t "${i}" ✓` }), `key-${i}`);
    await Promise.all([store.update('R-2', note('x')), store.update('R-3', closeRelease)]);
    await store.archive('R-3');
    await store.update('R-1', note('y'));
    expect(await activeOnDisk(dataDir)).toEqual(['R-1', 'R-2', 'R-4']);
    for (const id of ['R-1', 'R-2', 'R-4']) {
      const text = await readFile(releaseFile(dataDir, id), 'utf8');
      expect(text).toBe(JSON.stringify(JSON.parse(text)));
      expect(JSON.parse(text)).toEqual(await store.get(id));
    }
    expect((await readReleaseFile(dataDir, 'R-1')).audit.at(-1)?.key).toBe('y');
    expect((await readReleaseFile(dataDir, 'R-2')).audit.at(-1)?.key).toBe('x');
    const indexText = await readFile(indexFile(dataDir), 'utf8');
    expect(JSON.parse(indexText)).toEqual({ schemaVersion: 2, nextSeq: 5, createdKeys: { 'key-0': 'R-1', 'key-1': 'R-2', 'key-3': 'R-4' } });
    await store.close();
  });
});
