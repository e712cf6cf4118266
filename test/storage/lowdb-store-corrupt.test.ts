import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { StoreCorruptError, StoreVersionError } from '../../src/storage/store-errors.js';
import { makeRelease } from '../helpers/make-release.js';
import {
  build,
  closeRelease,
  indexFile,
  readIndex,
  readReleaseFile,
  releaseFile,
  removeTempDirs,
  tempDataDir,
} from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

/** A store in the layout before version 2 (one releases.json) with R-1..R-3, as that version wrote it. */
async function validStoreDir(): Promise<{ dataDir: string; file: string; text: string }> {
  const dataDir = await tempDataDir();
  await mkdir(dataDir, { recursive: true });
  const releases = Object.fromEntries([1, 2, 3].map((seq) => [`R-${seq}`, makeRelease({ seq, stepCount: 4 })]));
  const text = JSON.stringify({ schemaVersion: 1, nextSeq: 4, releases, createdKeys: {} });
  const file = path.join(dataDir, 'releases.json');
  await writeFile(file, text);
  return { dataDir, file, text };
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

describe('lowdb release store: a bad releases.json (the layout before version 2) stops startup and is left untouched', () => {
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

  it('refuses a releases.json with a version that file never had (later versions keep one file per release)', async () => {
    const { dataDir, text } = await validStoreDir();
    const error = await refusal(dataDir, text.replace('"schemaVersion":1', '"schemaVersion":2'));
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error.message).toContain('schemaVersion: 2 is not a version of this file (its last version is 1');
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
    expect(names).not.toContain('releases.json');
    expect(JSON.parse(await readFile(path.join(dataDir, 'releases-index.json'), 'utf8'))).toEqual({ schemaVersion: 2, nextSeq: 4, createdKeys: {} });
    expect((await readdir(path.join(dataDir, 'releases'))).sort()).toEqual(['R-1.json', 'R-2.json', 'R-3.json']);
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

/** Every file under `dir` with its bytes, so a test can prove that an open changed nothing at all. */
async function snapshot(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = await readFile(file);
  }
  return out;
}

/** A store in the current layout with R-1..R-3 (R-2 archived), written by the store itself. */
async function currentStoreDir(): Promise<string> {
  const dataDir = await tempDataDir();
  const store = await openLowdbStore({ dataDir });
  for (let i = 0; i < 4; i += 1) await store.create(build({ stepCount: 4 }), `key-${i}`);
  await store.update('R-2', closeRelease);
  await store.archive('R-2');
  await store.close();
  return dataDir;
}

async function refusalOf(dataDir: string, file: string, content: string): Promise<Error> {
  await writeFile(file, content);
  const before = await snapshot(dataDir);
  const error = await openLowdbStore({ dataDir }).then(
    () => new Error('the store opened'),
    (e: unknown) => e as Error,
  );
  expect(await snapshot(dataDir)).toEqual(before);
  return error;
}

describe('lowdb release store: a bad file in the per-release layout stops startup and nothing is touched', () => {
  it('refuses a release file that is not JSON, naming the file, and writes no other file either', async () => {
    const dataDir = await currentStoreDir();
    const file = releaseFile(dataDir, 'R-3');
    const text = await readFile(file, 'utf8');
    const error = await refusalOf(dataDir, file, text.slice(0, 100));
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error.message).toContain(`${file}: not valid JSON`);
    expect(error.message).toMatch(/left exactly as it was.*moving it out of the directory opens the store without that release/);
  });

  it('refuses a schema-invalid release file, naming the path of the problem', async () => {
    const dataDir = await currentStoreDir();
    const file = releaseFile(dataDir, 'R-4');
    const release = await readReleaseFile(dataDir, 'R-4');
    const broken = { ...release, steps: release.steps.map((s, i) => (i === 2 ? { ...s, state: 'finished' } : s)) };
    const error = await refusalOf(dataDir, file, JSON.stringify(broken, null, 2));
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error.message).toContain(`${file}: steps[2].state: `);
    expect((error as StoreCorruptError).problems).toHaveLength(1);
  });

  it('refuses a release file whose id does not match its name', async () => {
    const dataDir = await currentStoreDir();
    const file = releaseFile(dataDir, 'R-3');
    const release = await readReleaseFile(dataDir, 'R-1');
    const error = await refusalOf(dataDir, file, JSON.stringify(release));
    expect(error.message).toContain(`${file}: id: "R-1" does not match the file name`);
  });

  it('refuses a damaged index, and says that moving it away rebuilds it', async () => {
    const dataDir = await currentStoreDir();
    const file = indexFile(dataDir);
    const index = await readIndex(dataDir);
    let error = await refusalOf(dataDir, file, JSON.stringify({ ...index, nextSeq: 'five' }));
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error.message).toContain(`${file}: nextSeq: `);
    expect(error.message).toMatch(/move it away: the store then rebuilds it/);
    error = await refusalOf(dataDir, file, '');
    expect(error.message).toContain(`${file}: not valid JSON (the file is empty)`);
  });

  it('refuses an index written by a newer version', async () => {
    const dataDir = await currentStoreDir();
    const file = indexFile(dataDir);
    const error = await refusalOf(dataDir, file, JSON.stringify({ ...(await readIndex(dataDir)), schemaVersion: 3 }));
    expect(error).toBeInstanceOf(StoreVersionError);
    expect(error.message).toMatch(/schemaVersion 3, but this version of Release Bot only knows up to 2/);
  });

  it('a read-only open refuses the same way', async () => {
    const dataDir = await currentStoreDir();
    await writeFile(releaseFile(dataDir, 'R-1'), '{');
    await expect(openLowdbStore({ dataDir, readOnly: true })).rejects.toBeInstanceOf(StoreCorruptError);
  });
});
