import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/domain/release-schema.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { NotArchivableError, StoreCorruptError, UnknownReleaseError } from '../../src/storage/store-errors.js';
import { activeOnDisk, build, captureLogger, closeRelease, note, readIndex, releaseFile, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

async function collect(store: ReleaseStore): Promise<Release[]> {
  const out: Release[] = [];
  for await (const r of store.readArchive()) out.push(r);
  return out;
}

async function lines(dataDir: string): Promise<string[]> {
  return (await readFile(path.join(dataDir, 'archive.jsonl'), 'utf8')).split('\n');
}

/** A store with R-1..R-n (20 steps each), where `closed` of them are closed. */
async function storeWith(dataDir: string, n: number, closed: string[]): Promise<ReleaseStore> {
  const store = await openLowdbStore({ dataDir });
  for (let i = 0; i < n; i += 1) await store.create(build({ stepCount: 20 }));
  for (const id of closed) await store.update(id, closeRelease);
  return store;
}

describe('lowdb release store: archive', () => {
  it('moves closed releases out of the active files; get and readArchive still find them, also after a restart', async () => {
    const dataDir = await tempDataDir();
    const store = await storeWith(dataDir, 3, ['R-1', 'R-3']);
    const closedOne = await store.get('R-1');
    await store.archive('R-1');
    await store.archive('R-3');
    await store.archive('R-3');

    expect((await store.listActive()).map((r) => r.id)).toEqual(['R-2']);
    expect(await store.get('R-1')).toEqual(closedOne);
    expect((await collect(store)).map((r) => r.id)).toEqual(['R-1', 'R-3']);
    expect(await activeOnDisk(dataDir)).toEqual(['R-2']);
    expect(await lines(dataDir)).toHaveLength(3); // two lines and the final newline
    await expect(store.update('R-1', note('late'))).rejects.toBeInstanceOf(UnknownReleaseError);
    await store.close();

    const reopened = await openLowdbStore({ dataDir });
    expect(await reopened.get('R-1')).toEqual(closedOne);
    expect((await collect(reopened)).map((r) => r.id)).toEqual(['R-1', 'R-3']);
    const copy = await reopened.get('R-3');
    copy!.title = 'mutated';
    expect((await reopened.get('R-3'))?.title).toBe('Release R-3');
    await reopened.close();
  });

  it('refuses to archive a release that is still running, or unknown', async () => {
    const dataDir = await tempDataDir();
    const store = await storeWith(dataDir, 1, []);
    await expect(store.archive('R-1')).rejects.toBeInstanceOf(NotArchivableError);
    await expect(store.archive('R-8')).rejects.toBeInstanceOf(UnknownReleaseError);
    expect((await store.listActive()).map((r) => r.id)).toEqual(['R-1']);
    expect(await collect(store)).toEqual([]);
    await store.close();
  });

  it('finishes a move that a crash interrupted between the archive append and the removal of the release file', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    await store.create(build({ stepCount: 20 }), 'slack:Ev1');
    await store.create(build({ stepCount: 20 }));
    await store.update('R-1', closeRelease);
    const file = releaseFile(dataDir, 'R-1');
    const fileBefore = await readFile(file);
    const indexBefore = await readFile(path.join(dataDir, 'releases-index.json'));
    await store.archive('R-1');
    await store.close();
    // The state a kill -9 right after the archive fsync leaves: the release file and its dedupe key are still there.
    await writeFile(file, fileBefore);
    await writeFile(path.join(dataDir, 'releases-index.json'), indexBefore);

    const { logger, lines: log } = captureLogger();
    const reopened = await openLowdbStore({ dataDir, logger });
    expect((await reopened.listActive()).map((r) => r.id)).toEqual(['R-2']);
    expect((await reopened.get('R-1'))?.status).toBe('closed');
    expect(await activeOnDisk(dataDir)).toEqual(['R-2']);
    expect((await readIndex(dataDir)).createdKeys).toEqual({});
    expect((await reopened.create(build(), 'slack:Ev1')).release.id).toBe('R-3');
    expect((await collect(reopened)).map((r) => r.id)).toEqual(['R-1']);
    expect(log.some((l) => l.level === 'warn' && l.fields?.releaseIds !== undefined)).toBe(true);
    await reopened.close();
  });

  it('tolerates a truncated last archive line, reports it, and starts the next append on a fresh line', async () => {
    const dataDir = await tempDataDir();
    const store = await storeWith(dataDir, 3, ['R-1', 'R-2', 'R-3']);
    await store.archive('R-1');
    await store.archive('R-2');
    await store.close();
    const archiveFile = path.join(dataDir, 'archive.jsonl');
    const r3 = await readFile(releaseFile(dataDir, 'R-3'), 'utf8');
    await appendFile(archiveFile, r3.slice(0, 700)); // a kill -9 in the middle of archiving R-3

    const { logger, lines: log } = captureLogger();
    const reopened = await openLowdbStore({ dataDir, logger });
    expect(log.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'archive ends with an incomplete line, probably from a crash while archiving; it is ignored',
    ]);
    expect((await collect(reopened)).map((r) => r.id)).toEqual(['R-1', 'R-2']);
    expect((await reopened.get('R-3'))?.status).toBe('closed');
    expect((await reopened.listActive()).map((r) => r.id)).toEqual(['R-3']);

    await reopened.archive('R-3');
    expect((await collect(reopened)).map((r) => r.id)).toEqual(['R-1', 'R-2', 'R-3']);
    const written = await lines(dataDir);
    expect(written.pop()).toBe('');
    expect(written.map((l) => (JSON.parse(l) as Release).id)).toEqual(['R-1', 'R-2', 'R-3']);
    await reopened.close();
  });

  it('reports a damaged line in the middle of the archive with its line number, and still serves active releases', async () => {
    const dataDir = await tempDataDir();
    const store = await storeWith(dataDir, 3, ['R-1', 'R-2']);
    await store.archive('R-1');
    await store.archive('R-2');
    await store.close();
    const archiveFile = path.join(dataDir, 'archive.jsonl');
    const text = await readFile(archiveFile, 'utf8');
    await writeFile(archiveFile, text.replace('"status":"closed"', '"status":"gone"'));

    const reopened = await openLowdbStore({ dataDir });
    expect((await reopened.listActive()).map((r) => r.id)).toEqual(['R-3']);
    const error = await collect(reopened).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(`${archiveFile}: line 1: status: `);
    await expect(reopened.get('R-1')).rejects.toThrow(/release R-1 at byte 0: status/);
    expect((await reopened.get('R-2'))?.id).toBe('R-2');
    await reopened.close();
  });
});
