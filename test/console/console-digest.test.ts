import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startConsoleProcess, type ConsoleProcess } from './console-process.js';

/** The console has no inbox: its digest is shown when it starts, and on "digest". Real processes, one data directory. */
const running: ConsoleProcess[] = [];
let dataDir = '';
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill();
  await rm(dataDir, { recursive: true, force: true });
});

const MINOR = ['Planned', 'Application', 'yes', 'Medium', 'Medium', 'Easy'];
const typed = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 16).replace('T', ' ');

describe('console chat: the daily digest', () => {
  it('shows the person their overdue steps at start, on "digest", and not at start once they turn it off', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'release-bot-digest-'));
    const first = await startConsoleProcess({ user: 'alice', dataDir });
    running.push(first);
    // Minor, deploying in two hours: the steps due days ahead are overdue at once.
    first.send('release Search v3', typed(2 * 3_600_000), ...MINOR, 'y');
    await first.waitFor(/✓ R-1 started as Minor release\./);
    first.send('digest');
    await first.waitFor(/Your steps \(\d+ overdue(, \d+ due within a day)?\)\n {2}R-1 Search v3 · deploys .*\n {4} {2}1\. .* — OVERDUE since .* · your role\n/);
    await first.waitFor(/Daily digest: not sent by this bot \(DIGEST_AT is off\)\./);
    await first.kill();

    const second = await startConsoleProcess({ user: 'alice', dataDir });
    running.push(second);
    await second.waitFor(/Release Bot console — you are alice\..*\n1 active release: type "list" to see them\.\nYour steps \(\d+ overdue/);
    second.send('digest off');
    await second.waitFor(/✓ Your daily digest is off\./);
    await second.kill();

    const third = await startConsoleProcess({ user: 'alice', dataDir });
    running.push(third);
    await third.waitFor(/1 active release: type "list" to see them\./);
    third.send('list');
    await third.waitFor(/R-1/);
    expect(third.stdout).not.toContain('Your steps');
  });
});
