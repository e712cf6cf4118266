import { afterEach, describe, expect, it } from 'vitest';
import { readStoredRelease, startConsoleProcess, type ConsoleProcess } from './console-process.js';

let bot: ConsoleProcess | undefined;
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
});

/** A user-facing change with high impact: classified as Major, whose model has an approval and a go/no-go gate. */
const MAJOR = ['in 3d', 'Planned', 'Application', 'yes', 'High', 'Medium', 'Easy', 'y'];

describe('console chat: gates and roles, through the real process', () => {
  it('refuses to deploy a major release until its gates are approved and its required steps are done', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    bot.send('release Ledger rewrite', ...MAJOR);
    await bot.waitFor(/✓ R-1 started as Major release\./);
    await bot.waitFor(/Gates: Change approval open · Go\/no-go decision open/);
    bot.send('deploy');
    await bot.waitFor(/✗ R-1 cannot be deployed yet: missing Change approval, Go\/no-go decision, step \d+ .*, step \d+ .*\. The release manager can deploy anyway/);

    // Nobody holds a role yet: anyone here may set them up; once there is a release manager, only they may change them.
    bot.send('/as bob', 'approve R-1 approval', 'roles add release_manager alice', 'roles add approver bob');
    await bot.waitFor(/✗ Nobody holds the approver role here/);
    await bot.waitFor(/Release manager: added alice \(by bob\)\./);
    await bot.waitFor(/✗ Only the release managers here \(alice\) can change the roles\./);
    bot.send('/as alice', 'roles add approver @bob @carol', 'roles');
    await bot.waitFor(/Approver: added bob, carol \(by alice\)\./);
    await bot.waitFor(/Roles here\n(?: {2}.*\n)*? {2}Approver: bob, carol/);

    // Carol may decide the approval, not the go/no-go; a rejection needs its reason and blocks the deployment.
    bot.send('/as carol', 'reject R-1 approval', 'reject R-1 approval rollback not rehearsed', 'reject R-1 go no', 'gates');
    await bot.waitFor(/✗ Say why you reject it/);
    await bot.waitFor(/✓ R-1: “Change approval” rejected by carol \(rollback not rehearsed\)\. Still missing before deployment: Change approval \(rejected\), Go\/no-go decision/);
    await bot.waitFor(/✗ Only alice \(release manager\) can decide “Go\/no-go decision” of R-1\./);
    await bot.waitFor(/R-1 may not be deployed yet\n {2}Change approval \(approval\): rejected by carol .*: rollback not rehearsed\n {2}Go\/no-go decision \(go\): open; decided by release manager: alice/);

    // The release manager deploys anyway, with a reason that is kept.
    bot.send('/as alice', 'deploy R-1 override', 'deploy R-1 override CAB chair approved by phone, minutes follow');
    await bot.waitFor(/✗ Say why R-1 must go out without Change approval \(rejected\)/);
    await bot.waitFor(/✓ R-1: step \d+ .* done by alice\. R-1 is now deployed\./);
    await bot.waitFor(/Deployed with an override by alice: CAB chair approved by phone, minutes follow \(missing Change approval \(rejected\), Go\/no-go decision, /);
    const stored = (await readStoredRelease(bot.dataDir, 'R-1'))!.release;
    expect(stored.deployOverride).toMatchObject({ by: { id: 'console:alice' }, reason: 'CAB chair approved by phone, minutes follow' });
    expect(stored.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['reject', 'deploy_override']));
    expect(stored.gates).toEqual([
      expect.objectContaining({ gateId: 'approval', state: 'rejected', by: { id: 'console:carol', name: 'carol' }, note: 'rollback not rehearsed' }),
      { gateId: 'go', state: 'open' },
    ]);

    // Taking the deployment back takes its override with it: deploying again is refused again; the audit keeps it.
    const deployStep = stored.model.steps.findIndex((s) => s.id === stored.model.deploymentStep) + 1;
    bot.send(`undo ${deployStep} R-1`, 'deploy R-1');
    await bot.waitFor(/R-1 is no longer marked deployed\./);
    await bot.waitFor(/✗ R-1 cannot be deployed yet: missing Change approval \(rejected\), Go\/no-go decision/);
    const undone = (await readStoredRelease(bot.dataDir, 'R-1'))!.release;
    expect(undone.deployOverride).toBeUndefined();
    expect(undone.audit.filter((a) => a.action === 'deploy_override')).toHaveLength(1);
  });

  it('mentions the people who hold a reminder\'s role here, and says when nobody does', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    // A user-facing minor release 10 minutes away: its day-ahead announcement is overdue and goes out at once.
    bot.send('roles add comms carol', 'release Search v3', 'in 10m', 'Planned', 'Application', 'yes', 'Medium', 'Medium', 'Easy', 'y');
    await bot.waitFor(/Comms: added carol \(by alice\)\./);
    const reminder = await bot.waitFor(/⏰ (.+) \(overdue: .*\)\n((?: {3}.*\n)+)/);
    expect(reminder[2]).toMatch(/For: @carol/);
    expect(reminder[2]).not.toMatch(/Nobody holds/);
  });
});
