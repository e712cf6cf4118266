import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { StoreLockedError, StoreReadOnlyError } from '../../src/storage/store-errors.js';
import { activeOnDisk, build, captureLogger, closeRelease, note, releaseFile, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

const writer = fileURLToPath(new URL('./fixtures/burst-writer.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await removeTempDirs();
});

/** Starts the burst writer (a second bot writing to `dataDir`) and resolves once it has acknowledged a few writes. */
async function runningWriter(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, 'other'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      if ((seen.match(/^ack /gm) ?? []).length >= 5) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  return child;
}

describe('lowdb release store: one writer per data directory', () => {
  it('refuses a second open in the same process until the first is closed', async () => {
    const dataDir = await tempDataDir();
    const first = await openLowdbStore({ dataDir });
    await expect(openLowdbStore({ dataDir })).rejects.toBeInstanceOf(StoreLockedError);
    await first.close();
    const second = await openLowdbStore({ dataDir });
    await second.close();
    expect(await readdir(dataDir)).not.toContain('releases.lock');
  });

  it('refuses to open while another live process writes, lets a read-only reader in, and takes over once it is killed', { timeout: 60_000 }, async () => {
    const dataDir = await tempDataDir();
    const child = await runningWriter(dataDir);

    const refused = await openLowdbStore({ dataDir }).then(
      () => new Error('opened'),
      (e: unknown) => e as Error,
    );
    expect(refused).toBeInstanceOf(StoreLockedError);
    expect(refused.message).toContain(`another Release Bot (pid ${child.pid}) holds DATA_DIR (lock file ${path.join(dataDir, 'releases.lock')})`);
    expect(refused.message).toContain('One DATA_DIR serves one instance; to run several instances, give them a PostgreSQL database with DATABASE_URL.');

    const reader = await openLowdbStore({ dataDir, readOnly: true });
    expect((await reader.get('R-1'))?.audit.length).toBeGreaterThan(5);
    await expect(reader.update('R-1', note('nope'))).rejects.toBeInstanceOf(StoreReadOnlyError);
    await reader.close();

    child.kill('SIGKILL');
    await once(child, 'exit');
    const { logger, lines } = captureLogger();
    const store = await openLowdbStore({ dataDir, logger });
    expect(lines.some((l) => l.message.startsWith('taking over a store lock'))).toBe(true);
    await store.update('R-1', note('after takeover'));
    await store.close();
  });

  it('read-only: finishes an interrupted archive move in memory only', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const { release } = await store.create(build());
    await store.update(release.id, closeRelease);
    const file = releaseFile(dataDir, release.id);
    const fileBefore = await readFile(file);
    await store.archive(release.id);
    await store.close();
    await writeFile(file, fileBefore);

    const reader = await openLowdbStore({ dataDir, readOnly: true });
    expect(await reader.listActive()).toEqual([]);
    expect((await reader.get(release.id))?.status).toBe('closed');
    await reader.close();
    expect(await readFile(file)).toEqual(fileBefore);
    expect(await activeOnDisk(dataDir)).toEqual([release.id]);
  });
});
