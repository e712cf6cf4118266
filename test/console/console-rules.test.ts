import { afterEach, describe, expect, it } from 'vitest';
import { readStoredRelease, startConsoleProcess, type ConsoleProcess } from './console-process.js';

let bot: ConsoleProcess | undefined;
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
});

/** A routine change after the title: classified as Standard, whose model has early life support. */
const ROUTINE = ['in 3d', 'Planned', 'Application', 'no', 'Low', 'Low', 'Easy'];

describe('console chat: the core’s rules, through the real process', () => {
  it('says why a title typed after "release" was not taken, and asks for it again instead of shifting every answer', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    bot.send(`release ${'T'.repeat(151)}`);
    await bot.waitFor(/✗ title: .*150.*\nStarting a release .*\n\? \[1\/\d+\] What is being released\?/);
    bot.send('Short title', ...ROUTINE, 'y');
    await bot.waitFor(/✓ R-1 started as Standard change\./);
    expect((await readStoredRelease(bot.dataDir, 'R-1'))!.release.title).toBe('Short title');
  });

  it('prints no terminal control sequence a title carries, and refuses to close a release in ELS without its result', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    bot.send('release Evil \u001b]0;owned\u0007\u001b[2Jtitle\u0007', ...ROUTINE, 'y', 'deploy', 'close R-1 success');
    await bot.waitFor(/✓ R-1 started as Standard change\./);
    await bot.waitFor(/✗ R-1 is in early life support: say how it went when you close it.*els:0 exit:met/);
    expect(bot.stdout).toContain('R-1 · Evil title');
    expect(bot.stdout).not.toMatch(/[\u0007\u001b]/);
    bot.send('close R-1 success els:0 exit:met');
    await bot.waitFor(/✓ R-1 closed by alice: success\. ELS: 0 incidents, exit criteria met\./);
    // What is stored is what was typed: only the terminal output is cleaned.
    expect((await readStoredRelease(bot.dataDir, 'R-1'))!.release.title).toContain('\u001b]0;owned');
  });

  it('takes any number of days or weeks for the report', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    bot.send('report 7d', 'report 2w');
    await bot.waitFor(/Release report \(last 7 days\)/);
    await bot.waitFor(/Release report \(last 14 days\)/);
  });
});
