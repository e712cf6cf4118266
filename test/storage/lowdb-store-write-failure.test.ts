import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { activeOnDisk, build, captureLogger, closeRelease, indexFile, note, readIndex, releaseFile, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

/** Puts a non-empty directory where `file` is, so the next rename over it (or unlink of it) fails, even as root. */
async function block(file: string): Promise<Buffer> {
  const saved = await readFile(file);
  await rm(file);
  await mkdir(path.join(file, 'blocker'), { recursive: true });
  return saved;
}

async function unblock(file: string, saved: Buffer): Promise<void> {
  await rm(file, { recursive: true });
  await writeFile(file, saved);
}

describe('lowdb release store: a failed write', () => {
  it('rejects every caller in that write and leaves the stored state as it was', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build());
    const file = releaseFile(dataDir, release.id);
    const saved = await block(file);

    const results = await Promise.allSettled([store.update(release.id, note('lost-1')), store.update(release.id, note('lost-2'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await store.get(release.id))?.audit.map((a) => a.key)).toEqual([undefined]);

    await unblock(file, saved);
    await store.update(release.id, note('kept'));
    await store.close();
    const reopened = await openLowdbStore({ dataDir });
    expect((await reopened.get(release.id))?.audit.map((a) => a.key)).toEqual([undefined, 'kept']);
    await reopened.close();
  });

  it('a failed write of one release does not hold up or fail the others', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build());
    await store.create(build());
    const saved = await block(releaseFile(dataDir, 'R-1'));
    const [one, two] = await Promise.allSettled([store.update('R-1', note('lost')), store.update('R-2', note('kept'))]);
    expect([one.status, two.status]).toEqual(['rejected', 'fulfilled']);
    expect((JSON.parse(await readFile(releaseFile(dataDir, 'R-2'), 'utf8')) as { audit: Array<{ key?: string }> }).audit.at(-1)?.key).toBe('kept');
    await unblock(releaseFile(dataDir, 'R-1'), saved);
    await store.close();
  });

  it('a create whose index write fails hands out nothing; the next create gets the same id', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build());
    const saved = await block(indexFile(dataDir));
    await expect(store.create(build(), 'slack:Ev2')).rejects.toThrow();
    await unblock(indexFile(dataDir), saved);
    expect(await activeOnDisk(dataDir)).toEqual(['R-1']);
    expect((await store.create(build(), 'slack:Ev2')).release.id).toBe('R-2');
    await store.close();
  });

  it('a create whose release file cannot be written is rejected, and its id is not handed out again', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build());
    // R-2's file cannot be renamed into place; the index (written first) already says nextSeq 3.
    await mkdir(path.join(releaseFile(dataDir, 'R-2'), 'blocker'), { recursive: true });
    await expect(store.create(build(), 'slack:Ev2')).rejects.toThrow();
    expect((await store.listActive()).map((r) => r.id)).toEqual(['R-1']);
    expect((await readIndex(dataDir)).nextSeq).toBe(3);
    await rm(releaseFile(dataDir, 'R-2'), { recursive: true });
    // The retry of the same chat event is not taken for a duplicate of a release that was never stored.
    const retry = await store.create(build(), 'slack:Ev2');
    expect(retry).toMatchObject({ duplicate: false, release: { id: 'R-3' } });
    await store.close();
  });

  it('a failed archive append leaves the release active, its file in place, and the archive without it', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build());
    await store.update(release.id, closeRelease);
    const archive = path.join(dataDir, 'archive.jsonl');
    await mkdir(path.join(archive, 'blocker'), { recursive: true });

    await expect(store.archive(release.id)).rejects.toThrow();
    expect((await store.listActive()).map((r) => r.id)).toEqual([release.id]);
    expect(await activeOnDisk(dataDir)).toEqual([release.id]);

    await rm(archive, { recursive: true });
    await store.archive(release.id);
    const lines = (await readFile(archive, 'utf8')).split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!).id).toBe(release.id);
    expect(await activeOnDisk(dataDir)).toEqual([]);
    await store.close();
  });

  it('an archive whose release file cannot be removed is still done (the archive copy wins); the next open removes the file', async () => {
    const dataDir = await tempDataDir();
    const { logger, lines } = captureLogger();
    const store = await openLowdbStore({ dataDir, logger });
    const { release } = await store.create(build());
    await store.update(release.id, closeRelease);
    const file = releaseFile(dataDir, release.id);
    const saved = await block(file);

    await store.archive(release.id);
    expect(await store.listActive()).toEqual([]);
    expect((await store.get(release.id))?.status).toBe('closed');
    expect(lines.some((l) => l.level === 'error' && l.message.startsWith('could not remove the file of an archived release'))).toBe(true);
    await store.close();

    await unblock(file, saved);
    const reopened = await openLowdbStore({ dataDir });
    expect(await reopened.listActive()).toEqual([]);
    expect(await activeOnDisk(dataDir)).toEqual([]);
    await reopened.close();
  });
});
