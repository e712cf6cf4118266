import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { StoreCorruptError, StoreVersionError } from '../../src/storage/store-errors.js';
import { makeRelease } from '../helpers/make-release.js';
import { build, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

/** A real store file with R-1..R-3, written by the store itself. */
async function validStoreDir(): Promise<{ dataDir: string; file: string; text: string }> {
  const dataDir = await tempDataDir();
  const store = await openLowdbStore({ dataDir });
  for (let i = 0; i < 3; i += 1) await store.create(build({ stepCount: 4 }));
  await store.close();
  const file = path.join(dataDir, 'releases.json');
  return { dataDir, file, text: await readFile(file, 'utf8') };
}

/** Opens a store on `content` and returns the error; the file must come out byte for byte as it went in. */
async function refusal(dataDir: string, content: string | Buffer): Promise<Error> {
  const file = path.join(dataDir, 'releases.json');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, content);
  const before = await readFile(file);
  const error = await openLowdbStore({ dataDir }).then(
    () => new Error('the store opened'),
    (e: unknown) => e as Error,
  );
  expect(await readFile(file)).toEqual(before);
  expect((await readdir(dataDir)).sort()).toEqual(['releases.json']);
  return error;
}

describe('lowdb release store: a bad file stops startup and is left untouched', () => {
  it('refuses garbage, naming the file and what to do', async () => {
    const dataDir = await tempDataDir();
    const error = await refusal(dataDir, 'hello, this is not JSON');
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error.message).toContain(`${path.join(dataDir, 'releases.json')}: not valid JSON`);
    expect(error.message).toMatch(/Restore it from a backup, or move it away/);
  });

  it('refuses an empty file', async () => {
    const error = await refusal(await tempDataDir(), '');
    expect(error.message).toContain('not valid JSON (the file is empty)');
  });

  it('refuses truncated JSON', async () => {
    const { dataDir, text } = await validStoreDir();
    const error = await refusal(dataDir, text.slice(0, Math.floor(text.length / 2)));
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error.message).toContain('not valid JSON');
  });

  it('refuses a schema-invalid release, naming the path of the problem', async () => {
    const { dataDir, text } = await validStoreDir();
    const data = JSON.parse(text);
    data.releases['R-3'].steps[2].state = 'finished';
    const error = await refusal(dataDir, JSON.stringify(data, null, 2));
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error.message).toContain(`${path.join(dataDir, 'releases.json')}: releases.R-3.steps[2].state: `);
    expect((error as StoreCorruptError).problems).toHaveLength(1);
  });

  it('refuses a nextSeq that would hand out an id again', async () => {
    const { dataDir, text } = await validStoreDir();
    const error = await refusal(dataDir, text.replace('"nextSeq":4', '"nextSeq":2'));
    expect(error.message).toMatch(/nextSeq: must be greater than every seq/);
  });

  it('refuses a file written by a newer version', async () => {
    const { dataDir, text } = await validStoreDir();
    const error = await refusal(dataDir, text.replace('"schemaVersion":1', '"schemaVersion":2'));
    expect(error).toBeInstanceOf(StoreVersionError);
    expect(error.message).toMatch(/schemaVersion 2, but this version of Release Bot only knows up to 1/);
  });

  it('refuses a file without a schema version, and an old version nobody can migrate', async () => {
    const dataDir = await tempDataDir();
    expect((await refusal(dataDir, '{"releases":{}}')).message).toContain('schemaVersion: expected a whole number, found nothing');
    expect((await refusal(dataDir, '{"schemaVersion":0}')).message).toContain('no migration from version 0 to 1');
  });
});

describe('lowdb release store: migrations', () => {
  /** A made-up version 0: releases in an array and the last used seq instead of the next one. */
  const v0 = {
    schemaVersion: 0,
    lastSeq: 2,
    releases: [makeRelease({ id: 'R-1' }), makeRelease({ id: 'R-2', title: 'from v0' })],
  };
  const migrations = {
    0: (data: Record<string, unknown>) => {
      const releases = data.releases as Array<{ id: string }>;
      return { nextSeq: (data.lastSeq as number) + 1, releases: Object.fromEntries(releases.map((r) => [r.id, r])), createdKeys: {} };
    },
  };

  it('migrates an old file in order before validating it, and keeps a backup of the original', async () => {
    const dataDir = await tempDataDir();
    await mkdir(dataDir, { recursive: true });
    const original = JSON.stringify(v0);
    await writeFile(path.join(dataDir, 'releases.json'), original);
    const clock = { now: () => new Date('2026-03-01T10:00:00Z') };
    const store = await openLowdbStore({ dataDir, migrations, clock });
    expect((await store.get('R-2'))?.title).toBe('from v0');
    expect((await store.create(build())).release.id).toBe('R-3');
    await store.close();

    const names = await readdir(dataDir);
    const backup = names.find((n) => n.startsWith('releases.json.v0-'));
    expect(backup).toBe('releases.json.v0-2026-03-01T10-00-00-000Z.bak');
    expect(await readFile(path.join(dataDir, backup!), 'utf8')).toBe(original);
    expect(JSON.parse(await readFile(path.join(dataDir, 'releases.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('refuses, untouched, a file whose migration fails', async () => {
    const dataDir = await tempDataDir();
    await mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, 'releases.json');
    await writeFile(file, JSON.stringify({ ...v0, releases: 'not a list' }));
    const before = await readFile(file);
    const broken = {
      0: (data: Record<string, unknown>) => {
        if (!Array.isArray(data.releases)) throw new Error('releases is not a list');
        return data;
      },
    };
    await expect(openLowdbStore({ dataDir, migrations: broken })).rejects.toThrow(/migration from version 0 failed: releases is not a list/);
    expect(await readFile(file)).toEqual(before);
  });
});
