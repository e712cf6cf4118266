import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleProcess, type ConsoleProcess } from './console-process.js';

const ROUTINE = ['in 3d', 'Planned', 'Application', 'no', 'Low', 'Low', 'Easy'];
const bots: ConsoleProcess[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0).reverse()) await bot.kill();
});

describe('console: a second bot on the same DATA_DIR', () => {
  it('is refused at startup with one plain message that points to DATABASE_URL, and the first keeps its data', { timeout: 60_000 }, async () => {
    const first = await startConsoleProcess({ user: 'alice' });
    bots.push(first);
    first.send('release Lock check', ...ROUTINE, 'y');
    await first.waitFor(/✓ R-1 started as Standard change\./);
    const lock = JSON.parse(await readFile(path.join(first.dataDir, 'releases.lock'), 'utf8')) as { pid: number };

    const second = await startConsoleProcess({ user: 'bob', dataDir: first.dataDir });
    bots.push(second);
    expect((await second.exited).code).toBe(1);
    expect(second.stderr).toContain(
      `Release Bot could not start.\nThe release store cannot be opened: another Release Bot (pid ${lock.pid}) holds DATA_DIR ` +
        `(lock file ${path.join(first.dataDir, 'releases.lock')}). One DATA_DIR serves one instance; ` +
        'to run several instances, give them a PostgreSQL database with DATABASE_URL.',
    );
    expect(second.stderr).not.toMatch(/\n\s+at /);

    first.send('done 1');
    await first.waitFor(/✓ R-1: step 1 .* done by alice\./);
  });
});
