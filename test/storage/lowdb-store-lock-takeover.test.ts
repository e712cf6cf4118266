import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { StoreLockedError } from '../../src/storage/store-errors.js';
import { processIdentity } from '../../src/storage/process-identity.js';
import { captureLogger, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await removeTempDirs();
});

const HAS_PROC = existsSync('/proc/self/stat');

/** A shell that starts a short child and then becomes `sleep`, which never reaps it: the child turns into a zombie. */
async function zombie(): Promise<{ pid: number; startedAt: string }> {
  const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(parent);
  const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  const alive = await processIdentity(pid);
  for (let i = 0; i < 50 && (await processIdentity(pid))?.state !== 'Z'; i++) await new Promise((r) => setTimeout(r, 50));
  expect((await processIdentity(pid))?.state).toBe('Z');
  return { pid, startedAt: alive!.startedAt };
}

async function lockNaming(dataDir: string, holder: Record<string, unknown>): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'releases.lock'), JSON.stringify({ ...holder, since: new Date().toISOString() }));
}

describe.skipIf(!HAS_PROC)('lowdb release store: taking over a lock whose holder is gone', () => {
  it('records its own start time in the lock, so a later process with the same pid is not mistaken for it', async () => {
    const dataDir = await tempDataDir();
    const store = await openLowdbStore({ dataDir });
    const lock = JSON.parse(await readFile(path.join(dataDir, 'releases.lock'), 'utf8')) as { pid: number; startedAt: string };
    expect(lock).toMatchObject({ pid: process.pid, startedAt: (await processIdentity(process.pid))!.startedAt });
    await store.close();
  });

  it('takes over a lock held by a zombie (killed, not yet reaped), as a supervisor restarting at once finds it', async () => {
    const dataDir = await tempDataDir();
    const { pid, startedAt } = await zombie();
    await lockNaming(dataDir, { pid, startedAt });
    const { logger, lines } = captureLogger();
    const store = await openLowdbStore({ dataDir, logger });
    expect(lines.some((l) => l.message.startsWith('taking over a store lock'))).toBe(true);
    await store.close();
  });

  it('takes over a lock whose pid now belongs to another process, and refuses one whose holder really runs', async () => {
    const dataDir = await tempDataDir();
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(other);
    const real = (await processIdentity(other.pid!))!;
    await lockNaming(dataDir, { pid: other.pid, startedAt: String(Number(real.startedAt) - 1000) });
    const store = await openLowdbStore({ dataDir });
    await store.close();

    await lockNaming(dataDir, { pid: other.pid, startedAt: real.startedAt });
    await expect(openLowdbStore({ dataDir })).rejects.toBeInstanceOf(StoreLockedError);
  });

  it('waits briefly for a holder that is exiting, then takes the lock', async () => {
    const dataDir = await tempDataDir();
    const dying = spawn('sleep', ['0.5'], { stdio: 'ignore' });
    children.push(dying);
    await lockNaming(dataDir, { pid: dying.pid, startedAt: (await processIdentity(dying.pid!))!.startedAt });
    const started = Date.now();
    const store = await openLowdbStore({ dataDir });
    expect(Date.now() - started).toBeLessThan(2_500);
    await store.close();
  });
});
