import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleProcess, type ConsoleProcess } from './console-process.js';

/** A small file system of its own for DATA_DIR: the only honest way to fill a disk or make it read-only. */
function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = path.join(os.tmpdir(), `rb-mount-probe-${process.pid}`);
  spawnSync('mkdir', ['-p', probe]);
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  spawnSync('rmdir', [probe]);
  return ok;
}

const MOUNTABLE = canMount();
const mounts: string[] = [];
let bot: ConsoleProcess | undefined;

afterEach(async () => {
  await bot?.kill();
  bot = undefined;
  for (const dir of mounts.splice(0)) {
    spawnSync('umount', ['-l', dir]);
    await rm(dir, { recursive: true, force: true });
  }
});

async function smallDisk(options: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rb-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (r.status !== 0) throw new Error(`mount failed: ${String(r.stderr)}`);
  mounts.push(dir);
  return dir;
}

const ROUTINE = ['in 3d', 'Planned', 'Application', 'no', 'Low', 'Low', 'Easy'];

describe.skipIf(!MOUNTABLE)('console: a full or read-only DATA_DIR gets a clear answer and nothing claims success', () => {
  it('says a change was not saved because DATA_DIR is full, and keeps going once there is room', async () => {
    const dataDir = await smallDisk('size=512k');
    bot = await startConsoleProcess({ user: 'alice', env: { DATA_DIR: dataDir } });
    bot.send('release Disk full', ...ROUTINE, 'y');
    await bot.waitFor(/✓ R-1 started as Standard change\./);
    const filler = path.join(dataDir, 'filler');
    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k', 'count=1000'], { stdio: 'ignore' });
    bot.send('done 1');
    const [said] = await bot.waitFor(/✗ Not saved: DATA_DIR is full \(no space left on the device\)\. Your change was not recorded; .*\(ref ERR-[0-9A-F]{6}\)/);
    // The server's paths are for its operator's log, not for people in chat.
    expect(said).not.toContain(dataDir);
    expect(bot.stderr).toContain(dataDir);
    expect(bot.stdout).not.toMatch(/✓ R-1: step 1/);
    await rm(filler);
    bot.send('done 1');
    await bot.waitFor(/✓ R-1: step 1 .* done by alice\./);
  });

  it('says a change was not saved because DATA_DIR became read-only', async () => {
    const dataDir = await smallDisk('size=1m');
    bot = await startConsoleProcess({ user: 'alice', env: { DATA_DIR: dataDir } });
    bot.send('release Read only', ...ROUTINE, 'y');
    await bot.waitFor(/✓ R-1 started as Standard change\./);
    expect(spawnSync('mount', ['-o', 'remount,ro', dataDir]).status).toBe(0);
    bot.send('done 1');
    await bot.waitFor(/✗ Not saved: DATA_DIR is read-only \(a read-only file system\)\. Your change was not recorded/);
  });

  it('refuses to start on a read-only DATA_DIR with one plain sentence, no stack trace', async () => {
    const dataDir = await smallDisk('size=64k,ro');
    bot = await startConsoleProcess({ user: 'alice', env: { DATA_DIR: dataDir } });
    expect((await bot.exited).code).toBe(1);
    expect(bot.stderr).toMatch(/Release Bot could not start\.\nThe release store cannot be opened: DATA_DIR is read-only \(.+: a read-only file system\)\. Point DATA_DIR at a writable directory/);
    expect(bot.stderr).not.toMatch(/\n\s+at /);
  });
});
