import { afterEach, describe, expect, it } from 'vitest';
import { HAS_SCRIPT, startConsoleProcess, type ConsoleProcess } from './console-process.js';

let bot: ConsoleProcess | undefined;
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
});

/** Readline's redraw moves the cursor with escape codes between the prompt and the text. */
const CURSOR = '(?:\\x1b\\[\\d*[A-Za-z])*';

describe.skipIf(!HAS_SCRIPT)('console chat on a terminal (pseudo-terminal through util-linux script)', () => {
  it('prints a reminder on a fresh line and shows the half-typed line again under it', async () => {
    bot = await startConsoleProcess({ user: 'alice', tty: true });
    await bot.waitFor(/you are alice\..*\r?\n.*alice> /);
    // The major model's two-days-ahead announcement comes due 15 s from now: after the questions, while typing.
    const deployAt = new Date(Date.now() + 2 * 86_400_000 + 15_000).toISOString();
    bot.send('release Ledger rewrite', deployAt, 'Planned', 'Application', 'yes', 'High', 'High', 'Hard', '');
    await bot.waitFor(/✓ R-1 started as Major release\./);
    await bot.waitFor(/alice> /);
    bot.type('done 1');
    const reminder = await bot.waitFor(new RegExp(`(.*)⏰ T-2d[^\\r\\n]*R-1[^\\r\\n]*\\r?\\n(?:   .*\\r?\\n)+${CURSOR}alice> ${CURSOR}done 1`), 30_000);
    // The reminder did not start in the middle of the typed text: the line was cleared first.
    expect(reminder[1]).toMatch(/done 1\x1b\[2K\x1b\[1G$/);
    expect(reminder[0]).not.toMatch(/\(overdue/);
    bot.send('');
    await bot.waitFor(/✓ R-1: step 1 .*done by alice\./);
  });

  it('uses Ctrl-C to drop a typed line, then to leave the questions, then to exit cleanly', async () => {
    bot = await startConsoleProcess({ user: 'alice', tty: true });
    await bot.waitFor(/alice> /);
    bot.type('hello wor');
    await bot.waitFor(/hello wor/);
    bot.type('\x03');
    await bot.waitFor(new RegExp(`\\^C\\r?\\n${CURSOR}alice> `));
    bot.send('/release');
    await bot.waitFor(/\? \[1\/\d+\] What is being released\?/);
    bot.type('\x03');
    await bot.waitFor(/Release not started; nothing was saved\.\r?\n.*alice> /);
    bot.type('\x03');
    expect((await bot.exited).code).toBe(0);
    expect(bot.stdout).not.toMatch(/Unknown command "hello/);
  });
});
