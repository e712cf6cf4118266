import { afterEach, describe, expect, it } from 'vitest';
import { readStoredRelease, startConsoleProcess, type ConsoleProcess } from './console-process.js';

/** Each test starts the real bot on its own data directory (TZ=UTC, reminders ticking every 0.2 s). */
let bot: ConsoleProcess | undefined;
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
});

/** After the deployment time: a planned, user-visible change of medium risk, which the rules make a Minor release. */
const MINOR = ['Planned', 'Application', 'yes', 'Medium', 'Medium', 'Easy'];
/** A wall-clock time in the bot's zone (UTC here), `ms` from now: "2026-12-05 08:00". */
const typed = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 16).replace('T', ' ');

describe('console chat: reminders and answers that tell the truth, through the real process', () => {
  it('says when each model applies, in words from the rules', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    bot.send('models');
    await bot.waitFor(/major — Major release .*\n {5}Applies when impact is High, or risk is High, or rollback is Hard or Impossible, unless Emergency change or Migration applies\./);
    expect(bot.stdout).toMatch(/minor — Minor release .*\n {5}Applies when no rule picks another model \(the fallback\)\./);
  });

  it('asks why only for a past time, and takes a wrong answer back', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    const yesterday = typed(-86_400_000);
    bot.send('release Search v3', yesterday);
    await bot.waitFor(/\? \[3\/9\] Why is the deployment time in the past\?/);
    bot.send('back');
    await bot.waitFor(/\? \[2\/8\] When is the deployment planned\?\n.*\n.*\n {2}You answered: \d{4}-\d\d-\d\d \d\d:\d\d/);
    bot.send('in 3d');
    await bot.waitFor(/\? \[3\/8\] Is it planned, or fixing a live incident\?/);
    bot.send(...MINOR, 'y');
    await bot.waitFor(/✓ R-1 started as Minor release\./);
    const stored = (await readStoredRelease(bot.dataDir, 'R-1'))!.release;
    expect(stored.answers).not.toHaveProperty('backdateReason');
    // Before deployment: the next reminder is the announcement; what follows the deployment says so.
    await bot.waitFor(/ {2}Next reminder: T-1d user communication at .*\n {2}After deployment: user communication at deployment; ELS check-in 1 day after deployment; ELS exit review 3 days after deployment/);
  });

  it('nudges a backdated release that is not deployed, sends nothing of ELS before the deployment, and the go-live at it', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    bot.send('release Search v3', typed(-2 * 3_600_000), 'recorded after the fact', ...MINOR, 'y');
    await bot.waitFor(/✓ R-1 started as Minor release\./);
    await bot.waitFor(/⏰ Not deployed yet · R-1 Search v3\n(?: {3}.*\n)* {3}R-1 "Search v3" was planned for .* \(2 hours ago\) and is not recorded as deployed\./);
    const steps = (await readStoredRelease(bot.dataDir, 'R-1'))!.release.model.steps;
    const exit = steps.findIndex((s) => s.id === 'els_exit') + 1;
    const watch = steps.findIndex((s) => s.id === 'els_watch') + 1;
    bot.send(`done ${exit}`);
    await bot.waitFor(new RegExp(`✗ Step ${exit} .* belongs to early life support, which starts at the deployment: record the deployment first \\(deploy R-1\\)\\.`));
    bot.send(`skip ${watch} nobody on call`, `done ${watch}`);
    await bot.waitFor(new RegExp(`✗ Step ${watch} .* is skipped \\(nobody on call\\); undo it first if it was done after all\\.`));
    expect(bot.stdout).not.toMatch(/⏰ .*(ELS|check-in|exit review)/);

    bot.send('deploy');
    await bot.waitFor(/⏰ T user communication · R-1 Search v3\n(?: {3}.*\n)* {3}R-1 "Search v3" is deployed \(/);
    // The deployment's confirmation and the go-live reminder may print in either order.
    await expect.poll(() => bot!.stdout).toMatch(/R-1 is now deployed/);
    expect(bot.stdout).toMatch(/✓ .*R-1 is now deployed\.\nR-1 · Search v3\n(?: {2}.*\n)* {2}Next reminder: T\+1d ELS check-in at /);
    bot.send(`done ${exit}`);
    await bot.waitFor(new RegExp(`✓ R-1: step ${exit} .* done by alice\\.`));
    const stored = (await readStoredRelease(bot.dataDir, 'R-1'))!.release;
    expect(stored.reminders.find((r) => r.defId === 'announce_t1d')).toMatchObject({ status: 'skipped', reason: 'its deployment time had passed' });
    expect(stored.reminders.filter((r) => r.kind === 'deploy_nudge').map((r) => r.status)).toEqual(['sent', 'cancelled']);
  });

  it('shows what a close recorded, and the same in the status of the closed release', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    bot.send('release Search v3', 'in 3d', ...MINOR, 'y', 'deploy', 'close R-1 hotfix INC-7 els:1 exit:unmet');
    await bot.waitFor(/✓ R-1 closed by alice: needed a hotfix\. Incidents: INC-7\. ELS: 1 incident, exit criteria not met\./);
    bot.send('status R-1');
    await bot.waitFor(/R-1 · Search v3\n(?: {2}.*\n)* {2}Outcome: needed a hotfix\. Incidents: INC-7\. ELS: 1 incident, exit criteria not met\. Closed by alice, /);
  });
});
