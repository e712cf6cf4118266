import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import {
  activeOnDisk,
  build,
  captureLogger,
  closeRelease,
  indexFile,
  note,
  readIndex,
  releaseFile,
  removeTempDirs,
  tempDataDir,
} from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

/** Identity, size and modification time of every file under `dir`: what a write to it changes. */
async function fileStamps(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const s = await stat(file, { bigint: true });
    out.set(path.relative(dir, file), `${s.ino} ${s.size} ${s.mtimeNs}`);
  }
  return out;
}

describe('lowdb release store: one file per active release', () => {
  it('a step action on one release writes its file only: no other release file, nor the index, is touched', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    for (let i = 0; i < 40; i += 1) await store.create(build({ stepCount: 10 }), `key-${i}`);
    await store.update('R-7', closeRelease);
    await store.archive('R-7');
    const before = await fileStamps(dataDir);
    await sleep(20); // a rewrite now gets a visibly newer mtime, even on coarse clocks

    await Promise.all(Array.from({ length: 25 }, (_, i) => store.update('R-12', note(`click-${i}`))));
    await store.update('R-12', note('one more'));

    const after = await fileStamps(dataDir);
    const changed = [...after.keys()].filter((name) => after.get(name) !== before.get(name));
    expect(changed).toEqual([path.join('releases', 'R-12.json')]);
    expect([...before.keys()].filter((name) => !after.has(name))).toEqual([]);
    await store.close();
  });

  it('a create writes the index and its own file only', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    for (let i = 0; i < 5; i += 1) await store.create(build());
    const before = await fileStamps(dataDir);
    await sleep(20);
    await store.create(build(), 'slack:Ev6');
    const after = await fileStamps(dataDir);
    const changed = [...after.keys()].filter((name) => after.get(name) !== before.get(name)).sort();
    expect(changed).toEqual(['releases-index.json', path.join('releases', 'R-6.json')]);
    await store.close();
  });

  it('updates to different releases at once all land, each in its own file, and read back after a restart', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await Promise.all(Array.from({ length: 10 }, () => store.create(build())));
    const ids = (await store.listActive()).map((r) => r.id);
    await Promise.all(ids.flatMap((id) => Array.from({ length: 10 }, (_, i) => store.update(id, note(`${id}-${i}`)))));
    await store.close();
    const reopened = await openLowdbStore({ dataDir });
    for (const id of ids) {
      const release = await reopened.get(id);
      expect(release?.audit.slice(1).map((a) => a.key)).toEqual(Array.from({ length: 10 }, (_, i) => `${id}-${i}`));
      expect(release?.rev).toBe(10);
    }
    await reopened.close();
  });
});

describe('lowdb release store: what a crash leaves between the index and a release file', () => {
  it('a release file whose id the index does not know yet (an older index put back): opens, and that id is not handed out again', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build());
    await store.create(build());
    const oldIndex = await readFile(indexFile(dataDir));
    await store.create(build({ title: 'only in its file' }), 'slack:Ev3');
    await store.close();
    await writeFile(indexFile(dataDir), oldIndex);
    const r3 = await readFile(releaseFile(dataDir, 'R-3'));

    const { logger, lines } = captureLogger();
    const reopened = await openLowdbStore({ dataDir, logger });
    expect((await reopened.listActive()).map((r) => r.id)).toEqual(['R-1', 'R-2', 'R-3']);
    expect(lines.some((l) => l.level === 'warn' && l.message.startsWith('the release index is behind the release files'))).toBe(true);
    expect((await readIndex(dataDir)).nextSeq).toBe(4);
    expect((await reopened.create(build())).release.id).toBe('R-4');
    expect(await readFile(releaseFile(dataDir, 'R-3'))).toEqual(r3);
    await reopened.close();
  });

  it('a read-only open of that state hands out nothing and writes nothing', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build());
    const oldIndex = await readFile(indexFile(dataDir));
    await store.create(build());
    await store.close();
    await writeFile(indexFile(dataDir), oldIndex);

    const reader = await openLowdbStore({ dataDir, readOnly: true });
    expect((await reader.listActive()).map((r) => r.id)).toEqual(['R-1', 'R-2']);
    await reader.close();
    expect(await readFile(indexFile(dataDir))).toEqual(oldIndex);
  });

  it('an index that names a release whose file never landed (the crash window of a create): the id stays used, the key creates anew', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build());
    await store.create(build(), 'slack:Ev2');
    await store.close();
    // The create of R-2 was never acknowledged: its index write landed, the rename of its file did not.
    await rm(releaseFile(dataDir, 'R-2'));
    await writeFile(path.join(dataDir, 'releases', `.R-2.json.${process.pid}.3.tmp`), '{"id":"R-2","se');

    const { logger, lines } = captureLogger();
    const reopened = await openLowdbStore({ dataDir, logger });
    expect((await reopened.listActive()).map((r) => r.id)).toEqual(['R-1']);
    expect(await readdir(path.join(dataDir, 'releases'))).toEqual(['R-1.json']);
    // The chat platform redelivers the create: it is made now, under a new id.
    const retry = await reopened.create(build({ title: 'retried' }), 'slack:Ev2');
    expect(retry).toMatchObject({ duplicate: false, release: { id: 'R-3', title: 'retried' } });
    expect(lines.some((l) => l.message === 'dedupe key names a release that is gone; creating a new one')).toBe(true);
    expect((await readIndex(dataDir)).createdKeys).toEqual({ 'slack:Ev2': 'R-3' });
    await reopened.close();
  });

  it('a lost index is rebuilt from the release files and the archive, so ids of archived releases stay used', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    for (let i = 0; i < 4; i += 1) await store.create(build());
    await store.update('R-4', closeRelease);
    await store.archive('R-4');
    await store.close();
    await rm(indexFile(dataDir));

    const { logger, lines } = captureLogger();
    const reopened = await openLowdbStore({ dataDir, logger });
    expect(lines.some((l) => l.level === 'warn' && l.message.startsWith('the release index is missing; rebuilt it'))).toBe(true);
    expect(await readIndex(dataDir)).toEqual({ schemaVersion: 2, nextSeq: 5, createdKeys: {} });
    expect((await reopened.create(build())).release.id).toBe('R-5');
    await reopened.close();
  });

  it('leaves files in the releases directory that are not releases alone, and says so', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build());
    await store.close();
    const notes = path.join(dataDir, 'releases', 'notes.txt');
    await writeFile(notes, 'hands off');
    const { logger, lines } = captureLogger();
    const reopened = await openLowdbStore({ dataDir, logger });
    expect((await reopened.listActive()).map((r) => r.id)).toEqual(['R-1']);
    expect(lines.find((l) => l.message.startsWith('files in the releases directory that are not releases'))?.fields?.files).toEqual(['notes.txt']);
    await reopened.close();
    expect(await readFile(notes, 'utf8')).toBe('hands off');
    expect(await activeOnDisk(dataDir)).toEqual(['R-1']);
  });
});
