import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/domain/release-schema.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { makeRelease } from '../helpers/make-release.js';
import { activeOnDisk, build, captureLogger, note, readIndex, readReleaseFile, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

const clock = { now: () => new Date('2026-04-01T08:30:00Z') };
const BACKUP = 'releases.json.v1-2026-04-01T08-30-00-000Z.bak';

/**
 * A data dir as the version-1 store left it: archived, R-3..R-5 active in releases.json (R-4 with a Teams
 * conversation reference, which the schema does not look into), and the dedupe keys of two of them.
 */
async function v1DataDir(): Promise<{ dataDir: string; text: string; active: Release[]; archived: Release[] }> {
  const dataDir = await tempDataDir();
  await mkdir(dataDir, { recursive: true });
  const closedAt = '2026-03-06T10:00:00.000Z';
  const archived = [1, 2].map((seq) =>
    makeRelease({ seq, status: 'closed', outcome: { result: 'success', incidents: [], closedBy: { id: 'console:rita', name: 'rita' }, closedAt } }),
  );
  await writeFile(path.join(dataDir, 'archive.jsonl'), archived.map((r) => JSON.stringify(r) + '\n').join(''));
  const active = [3, 4, 5].map((seq) => makeRelease({ seq, title: `active ${seq}`, stepCount: 6 }));
  active[1]!.location.conversationRef = { conversation: { id: '19:abc@thread.tacv2' }, serviceUrl: 'https://smba.example/emea/' };
  const text = JSON.stringify({
    schemaVersion: 1,
    nextSeq: 7, // R-6 was created and lost its release in some old crash: 6 must not come back either
    releases: Object.fromEntries(active.map((r) => [r.id, r])),
    createdKeys: { 'slack:Ev3': 'R-3', 'teams:act-5': 'R-5' },
  });
  await writeFile(path.join(dataDir, 'releases.json'), text);
  return { dataDir, text, active, archived };
}

/** Every file under `dir` with its bytes. */
async function snapshot(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out[path.relative(dir, path.join(entry.parentPath, entry.name))] = await readFile(path.join(entry.parentPath, entry.name));
  }
  return out;
}

describe('lowdb release store: migrating releases.json (schema version 1) to one file per release', () => {
  it('writes each active release to its own file and the index, keeps the old file as a backup, and loses nothing', async () => {
    const { dataDir, text, active, archived } = await v1DataDir();
    const { logger, lines } = captureLogger();
    const store = await openLowdbStore({ dataDir, logger, clock });

    expect((await readdir(dataDir)).sort()).toEqual([BACKUP, 'archive.jsonl', 'releases', 'releases-index.json', 'releases.lock'].sort());
    expect(await readFile(path.join(dataDir, BACKUP), 'utf8')).toBe(text);
    expect(await readIndex(dataDir)).toEqual({ schemaVersion: 2, nextSeq: 7, createdKeys: { 'slack:Ev3': 'R-3', 'teams:act-5': 'R-5' } });
    expect(await activeOnDisk(dataDir)).toEqual(['R-3', 'R-4', 'R-5']);
    for (const release of active) expect(await readReleaseFile(dataDir, release.id)).toEqual(release);
    expect(lines.find((l) => l.message === 'migrated the release store to one file per release')?.fields).toMatchObject({ from: 1, to: 2, releases: 3 });

    expect(await store.listActive()).toEqual(active);
    expect(await store.get('R-1')).toEqual(archived[0]);
    expect((await store.create(build(), 'slack:Ev3')).release).toEqual(active[0]);
    expect((await store.create(build())).release.id).toBe('R-7');
    await store.update('R-4', note('after migration'));
    await store.close();

    const reopened = await openLowdbStore({ dataDir, logger, clock });
    expect(lines.filter((l) => l.message.startsWith('migrated'))).toHaveLength(1);
    expect((await reopened.listActive()).map((r) => r.id)).toEqual(['R-3', 'R-4', 'R-5', 'R-7']);
    expect((await reopened.get('R-4'))?.location.conversationRef).toEqual(active[1]!.location.conversationRef);
    expect((await reopened.get('R-4'))?.audit.at(-1)?.key).toBe('after migration');
    await reopened.close();
  });

  it('read-only (a report beside a bot that has not migrated yet): migrates in memory and writes nothing', async () => {
    const { dataDir, active } = await v1DataDir();
    const before = await snapshot(dataDir);
    const reader = await openLowdbStore({ dataDir, readOnly: true, clock });
    expect(await reader.listActive()).toEqual(active);
    expect((await reader.get('R-2'))?.status).toBe('closed');
    await reader.close();
    expect(await snapshot(dataDir)).toEqual(before);
  });

  it('finishes a migration that a crash stopped after some release files, before the index', async () => {
    const { dataDir, text, active } = await v1DataDir();
    await mkdir(path.join(dataDir, 'releases'));
    await writeFile(path.join(dataDir, 'releases', 'R-3.json'), JSON.stringify(active[0]));
    await writeFile(path.join(dataDir, 'releases', `.R-4.json.${process.pid}.9.tmp`), JSON.stringify(active[1]).slice(0, 50));

    const store = await openLowdbStore({ dataDir, clock });
    expect(await store.listActive()).toEqual(active);
    expect((await readdir(path.join(dataDir, 'releases'))).sort()).toEqual(['R-3.json', 'R-4.json', 'R-5.json']);
    expect(await readFile(path.join(dataDir, BACKUP), 'utf8')).toBe(text);
    expect((await readIndex(dataDir)).nextSeq).toBe(7);
    await store.close();
  });

  it('finishes a migration that a crash stopped after the index, before releases.json was moved to its backup', async () => {
    const { dataDir, text } = await v1DataDir();
    const store = await openLowdbStore({ dataDir, clock });
    await store.update('R-5', note('written in the new layout'));
    await store.close();
    await copyFile(path.join(dataDir, BACKUP), path.join(dataDir, 'releases.json'));

    const { logger, lines } = captureLogger();
    const later = { now: () => new Date('2026-04-02T09:00:00Z') };
    const reopened = await openLowdbStore({ dataDir, logger, clock: later });
    // The new layout is complete and newer: releases.json is not read again, only kept.
    expect((await reopened.get('R-5'))?.audit.at(-1)?.key).toBe('written in the new layout');
    const names = await readdir(dataDir);
    expect(names).not.toContain('releases.json');
    expect(await readFile(path.join(dataDir, 'releases.json.migrated-2026-04-02T09-00-00-000Z.bak'), 'utf8')).toBe(text);
    expect(lines.some((l) => l.level === 'warn' && l.message.startsWith('releases.json was already migrated'))).toBe(true);
    await reopened.close();
  });
});
