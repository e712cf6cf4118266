import { rm } from 'node:fs/promises';
import { modelsWithFreeze } from '../helpers/models-with-freeze.js';
import { afterEach, describe, expect, it } from 'vitest';
import { formatTime } from '../../src/format/format-time.js';
import { readStoredRelease, startConsoleProcess, type ConsoleProcess } from './console-process.js';

let bot: ConsoleProcess | undefined;
let modelsDir: string | undefined;
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
  if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
  modelsDir = undefined;
});

/** A user-facing change with high impact, planned `when`: a Major release. */
const major = (when: string) => [when, 'Planned', 'Application', 'yes', 'High', 'Medium', 'Easy', 'y'];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');


describe('console chat: freeze windows, through the real process', () => {
  it('lists the window in force, refuses a start and a reschedule inside it naming it and its end, and records overrides', async () => {
    const freeze = await modelsWithFreeze();
    modelsDir = freeze.dir;
    const until = esc(formatTime(freeze.end, 'UTC'));
    bot = await startConsoleProcess({ user: 'alice', env: { MODELS_DIR: freeze.dir } });

    bot.send('freezes');
    await bot.waitFor(new RegExp(`Freeze windows, next 30 days\\n {2}Launch week: .* until ${until} \\(in force now\\); exempt: emergency`));

    // A start planned inside the window: the conversation asks why, and the reason is required and kept.
    bot.send('release Ledger rewrite', ...major('in 1d'));
    await bot.waitFor(new RegExp(`✗ .* falls in the freeze window “Launch week”, in force until ${until}\\. Pick a time after it, or give a reason to start it anyway`));
    await bot.waitFor(/\? Why must it deploy then\?/);
    bot.send('', 'board demo is booked for that day');
    await bot.waitFor(/✗ Say why it must deploy during “Launch week”/);
    await bot.waitFor(/✓ R-1 started as Major release\./);
    await bot.waitFor(/ {2}Freeze “Launch week” overridden \(start\) by alice: board demo is booked for that day/);

    // A release planned after the window may not be moved into it without an override and its reason.
    bot.send('release Search tuning', ...major('in 3d'));
    await bot.waitFor(/✓ R-2 started as Major release\./);
    bot.send('reschedule R-2 in 1d', 'reschedule R-2 in 1d override', 'reschedule R-2 in 1d override partner launch moved up');
    await bot.waitFor(new RegExp(`✗ .* falls in the freeze window “Launch week”, in force until ${until}\\. Pick a time after it, or move it anyway with "reschedule R-2 <time> override <reason>"`));
    await bot.waitFor(/✗ Say why R-2 must deploy during “Launch week”/);
    await bot.waitFor(/✓ R-2 now deploys at /);

    const r1 = (await readStoredRelease(bot.dataDir, 'R-1'))!.release;
    expect(r1.freezeOverrides).toEqual([expect.objectContaining({ windowId: 'launch', action: 'start', reason: 'board demo is booked for that day', until: freeze.end.toISOString(), by: { id: 'console:alice', name: 'alice' } })]);
    expect(r1.audit.find((a) => a.action === 'freeze_override')?.detail).toMatch(/^start inside “Launch week” \(until .*\): board demo is booked for that day$/);
    const r2 = (await readStoredRelease(bot.dataDir, 'R-2'))!.release;
    expect(r2.freezeOverrides).toEqual([expect.objectContaining({ action: 'reschedule', reason: 'partner launch moved up' })]);
    expect(r2.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['reschedule', 'freeze_override']));
  });

  it('refuses a deployment inside the window until the release manager overrides it, one reason covering the gates too', async () => {
    const freeze = await modelsWithFreeze();
    modelsDir = freeze.dir;
    const until = esc(formatTime(freeze.end, 'UTC'));
    bot = await startConsoleProcess({ user: 'alice', env: { MODELS_DIR: freeze.dir } });
    bot.send('release Ledger rewrite', ...major('in 3d'));
    await bot.waitFor(/✓ R-1 started as Major release\./);
    bot.send('deploy R-1');
    await bot.waitFor(new RegExp(`✗ R-1 cannot be deployed yet: missing Change approval, .*, and the freeze window “Launch week”, in force until ${until}\\. The release manager can deploy anyway`));
    bot.send('/as bob', 'deploy R-1 override now', '/as alice', 'deploy R-1 override customer outage fix');
    await bot.waitFor(/✗ Only the release manager \(alice\) can record the deployment of R-1\./);
    await bot.waitFor(/✓ R-1: step \d+ .* done by alice\. R-1 is now deployed\./);
    const stored = (await readStoredRelease(bot.dataDir, 'R-1'))!.release;
    expect(stored.freezeOverrides).toEqual([expect.objectContaining({ action: 'deploy', reason: 'customer outage fix' })]);
    expect(stored.deployOverride).toMatchObject({ reason: 'customer outage fix' });
  });
});
