import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { build, closeRelease, note, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

/** Puts a non-empty directory where releases.json is, so the rename of the next write fails (even as root). */
async function blockHotFile(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'releases.json');
  const saved = await readFile(file);
  await rm(file);
  await mkdir(path.join(file, 'blocker'), { recursive: true });
  return saved;
}

async function unblockHotFile(dataDir: string, saved: Buffer): Promise<void> {
  const file = path.join(dataDir, 'releases.json');
  await rm(file, { recursive: true });
  await writeFile(file, saved);
}

describe('lowdb release store: a failed write', () => {
  it('rejects every caller in that write and leaves the stored state as it was', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build());
    const saved = await blockHotFile(dataDir);

    const results = await Promise.allSettled([store.update(release.id, note('lost-1')), store.update(release.id, note('lost-2'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await store.get(release.id))?.audit.map((a) => a.key)).toEqual([undefined]);

    await unblockHotFile(dataDir, saved);
    await store.update(release.id, note('kept'));
    await store.close();
    const reopened = await openLowdbStore({ dataDir });
    expect((await reopened.get(release.id))?.audit.map((a) => a.key)).toEqual([undefined, 'kept']);
    await reopened.close();
  });

  it('takes back the archive line when the hot-file write after it fails', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build());
    await store.update(release.id, closeRelease);
    const saved = await blockHotFile(dataDir);

    await expect(store.archive(release.id)).rejects.toThrow();
    expect(await readFile(path.join(dataDir, 'archive.jsonl'), 'utf8')).toBe('');
    expect((await store.listActive()).map((r) => r.id)).toEqual([release.id]);

    await unblockHotFile(dataDir, saved);
    await store.archive(release.id);
    const lines = (await readFile(path.join(dataDir, 'archive.jsonl'), 'utf8')).split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!).id).toBe(release.id);
    await store.close();
  });
});
