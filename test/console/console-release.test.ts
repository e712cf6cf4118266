import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readStoredRelease, startConsoleProcess, type ConsoleProcess } from './console-process.js';

/** Each test starts the real bot (`node --import tsx adapters/main.ts`) on its own data directory. */
let bot: ConsoleProcess | undefined;
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
});

/** Answers to the default questions (models/questions.yaml) for a routine change that classifies as Standard. */
const ROUTINE = ['in 3d', 'Planned', 'Application', 'no', 'Low', 'Low', 'Easy'];

describe('console chat, end to end through the real process', () => {
  it('runs a whole piped release as two people and stores who did what', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    await bot.waitFor(/Release Bot console — you are alice\. Type \/release to start, help for commands\./);

    bot.send('release Checkout v2', ...ROUTINE);
    await bot.waitFor(/Model: Standard change \(standard\)\n\s+Why: .+\n\? Use this model\? \[Y\/n or a model id\]/);
    bot.send('minor', 'customers asked for a heads-up');
    await bot.waitFor(/\? Why Minor release instead of Standard change\?/);
    await bot.waitFor(/✓ R-1 started as Minor release\./);
    await bot.waitFor(/R-1 · Checkout v2\n  Model: Minor release \(medium risk\) — override by alice: customers asked for a heads-up\n  Suggested: Standard change, because/);
    await bot.waitFor(/Progress: 0\/\d+/);

    // Pick step numbers from what the bot stored, so the test follows the model file rather than copying it.
    const started = await readStoredRelease(bot.dataDir, 'R-1');
    expect(started?.where).toBe('hot');
    const steps = started!.release.model.steps;
    const skip = steps.findIndex((s, i) => i >= 2 && s.skippable && s.id !== started!.release.model.deploymentStep) + 1;
    const assign = steps.findIndex((s, i) => i >= 2 && i !== skip - 1) + 1;
    expect(skip).toBeGreaterThan(2);

    // The rest of the release in one write, then end of input: lines must be handled strictly in order.
    bot.send(
      'done 1',
      'done x',
      '/as bob',
      'done 2',
      'undo 1',
      `skip ${skip} not needed for this release`,
      // Bob is not the release manager: he may take a step, not hand it to someone else.
      `assign ${assign} carol`,
      'as alice',
      `assign ${assign} carol`,
      'undo 2',
      'status R-1',
      'deploy',
      'close R-1 success INC-1 els:0 exit:met',
      'list',
    );
    bot.end();
    expect((await bot.exited).code).toBe(0);

    for (const line of [
      /✓ R-1: step 1 .*done by alice/,
      /\[x\] .* — .* · done by alice \d\d:\d\d/,
      /✗ "x" is not a step number\. Usage: done <step> \[R-42\]/,
      /✓ You are now bob \(console:bob\)\./,
      /✓ R-1: step 2 .*done by bob/,
      /✗ Only alice .*can undo step 1/,
      new RegExp(`✓ R-1: step ${skip} .*skipped by bob`),
      new RegExp(` ${skip}\\. \\[-\\] .* · skipped by bob: not needed for this release`),
      /✗ Only the release manager \(alice\) can assign step \d+ of R-1 to someone else; you can take it yourself\./,
      /✓ You are now alice \(console:alice\)\./,
      new RegExp(`✓ R-1: step ${assign} .*assigned to carol`),
      /✓ .*[Ss]tep 2/,
      /R-1 · Checkout v2\n/,
      /Progress: 2\/\d+ \(1 done, 1 skipped/,
      / 2\. \[ \] /,
      /✓ .*R-1 is now deployed/,
      /✓ R-1 closed by alice: success\. Incidents: INC-1\. ELS: 0 incidents, exit criteria met\./,
      /No active releases\./,
    ]) {
      await bot.waitFor(line, 1);
    }

    const stored = await readStoredRelease(bot.dataDir, 'R-1');
    expect(stored?.where).toBe('archive');
    const r = stored!.release;
    expect(r.title).toBe('Checkout v2');
    expect(r.requester).toEqual({ id: 'console:alice', name: 'alice' });
    expect(r.classification.suggestedModelId).toBe('standard');
    expect(r.classification.override).toMatchObject({ modelId: 'minor', reason: 'customers asked for a heads-up', by: { id: 'console:alice' } });
    expect(r.steps[0]).toMatchObject({ state: 'done', by: { id: 'console:alice' } });
    expect(r.steps[1]).toMatchObject({ state: 'open' });
    expect(r.steps[skip - 1]).toMatchObject({ state: 'skipped', by: { id: 'console:bob' }, reason: 'not needed for this release' });
    expect(r.steps[assign - 1]?.assignee).toEqual({ id: 'console:carol', name: 'carol' });
    expect(r.status).toBe('closed');
    expect(r.outcome).toMatchObject({ result: 'success', incidents: ['INC-1'], closedBy: { id: 'console:alice' } });
    const trail = r.audit.map((a) => `${a.actor.id} ${a.action} ${a.stepId ?? ''}`.trim());
    const [id1, id2] = [steps[0]!.id, steps[1]!.id];
    expect(trail).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^console:bob \\S+ ${id2}$`))]));
    // Bob's refused undo left no trace; Alice's undo of Bob's step did.
    expect(trail.filter((t) => t.startsWith('console:bob') && t.endsWith(` ${id1}`))).toEqual([]);
    expect(trail.filter((t) => t.startsWith('console:alice') && t.endsWith(` ${id2}`))).toHaveLength(1);
  });

  it('asks a question again after an invalid answer and keeps the earlier answers', async () => {
    bot = await startConsoleProcess({ env: { CONSOLE_USER: 'dana' } });
    await bot.waitFor(/you are dana\./);
    bot.send('/release');
    await bot.waitFor(/\? \[1\/\d+\] What is being released\?/);
    bot.send('Search revamp');
    await bot.waitFor(/\? \[2\/\d+\] When is the deployment planned\?/);
    bot.send('when the moon is blue');
    await bot.waitFor(/✗ deployment time: Enter a date and time such as \d{4}-\d\d-\d\d 14:30 \(UTC\)/);
    await bot.waitFor(/\? \[2\/\d+\] When is the deployment planned\?/);
    // A time ahead: the backdate reason is not asked, and the numbering has no gap.
    bot.send('in 5d');
    await bot.waitFor(/\? \[3\/8\] Is it planned, or fixing a live incident\?/);
    bot.send('7');
    await bot.waitFor(/✗ urgency: Choose one of: Planned, Fixing a live incident \(or 1-2\)\.\n\? \[3\/8\] Is it planned/);
    bot.send('1', '1', 'maybe');
    await bot.waitFor(/✗ user-facing: Answer yes or no\.\n\? \[5\/8\] Will users notice the change\? \[y\/n\]/);
    bot.send('y', '2', '2', '1');
    await bot.waitFor(/Model: Minor release \(minor\)/);
    bot.send('nope');
    await bot.waitFor(/✗ "nope" is not a model id .*\n\? Use this model\?/);
    bot.send('y');
    await bot.waitFor(/✓ R-1 started as Minor release\./);
    bot.send('list', 'help undo');
    await bot.waitFor(/Active releases \(1\):\n\* R-1 +Search revamp · Minor release · Planned · deploy .* · 0\/\d+ · RM dana/);
    await bot.waitFor(/Commands .*\n {2}undo <step> \[R-42\] +Reopen a step .* e\.g\. "undo 3"\n(?! )/);

    const stored = (await readStoredRelease(bot.dataDir, 'R-1'))!.release;
    expect(stored.title).toBe('Search revamp');
    expect(stored.requester).toEqual({ id: 'console:dana', name: 'dana' });
    expect(stored.answers).toMatchObject({ urgency: 'planned', kind: 'application', userFacing: true, impact: 'medium', risk: 'medium', rollback: 'easy' });
    const days = (Date.parse(stored.plannedAt) - Date.parse(stored.createdAt)) / 86_400_000;
    expect(days).toBeGreaterThan(4.99);
    expect(days).toBeLessThan(5.01);

    // Times typed in the console are wall-clock times in the configured zone (TZ=UTC here).
    const year = new Date().getUTCFullYear() + 1;
    bot.send(`reschedule r1 ${year}-06-15 10:00`);
    await bot.waitFor(/✓ R-1 now deploys at .*reminders moved with it\./);
    await bot.waitFor(new RegExp(`Deploy: \\w{3} 15 Jun ${year}, 10:00 UTC`));
    expect((await readStoredRelease(bot.dataDir, 'R-1'))!.release.plannedAt).toBe(`${year}-06-15T10:00:00.000Z`);
    bot.send('reschedule R-1 soonish');
    await bot.waitFor(/✗ "soonish" is not a date and time such as 2026-12-01 14:30 \(UTC\)/);
    bot.send('cancel R-1 superseded by R-2', 'done 1');
    await bot.waitFor(/✓ R-1 cancelled by dana \(superseded by R-2\); its reminders are cancelled too\.\n.*\n.*\n.*Status: Cancelled/);
    await bot.waitFor(/✗ R-1 is cancelled/);

    bot.send('exit', 'status');
    expect((await bot.exited).code).toBe(0);
    expect(bot.unread).not.toContain('R-1 · Search revamp');
    const cancelled = (await readStoredRelease(bot.dataDir, 'R-1'))!;
    expect(cancelled.where).toBe('archive');
    expect(cancelled.release.status).toBe('cancelled');
  });

  it('prints a reminder that is already overdue when the release starts, and records it as sent', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    await bot.waitFor(/you are alice\./);
    // Deployment tomorrow: the major model's two-days-ahead announcement is overdue at once.
    bot.send('release Billing engine', 'tomorrow 09:00', 'Planned', 'Application', 'yes', 'High', 'High', 'Hard');
    await bot.waitFor(/Model: Major release \(major\)/);
    bot.send('');
    const reminder = await bot.waitFor(/⏰ (.+) \(overdue: it was already past due when it was planned, at the start or a reschedule\)\n((?: {3}.*\n)+)/);
    expect(reminder[1]).toContain('R-1');
    expect(reminder[2]).toMatch(/For: @alice/);
    // The scheduler may print before or after the confirmation; both must be there.
    expect(bot.stdout).toMatch(/✓ R-1 started as Major release\./);

    bot.end();
    expect((await bot.exited).code).toBe(0);
    const stored = (await readStoredRelease(bot.dataDir, 'R-1'))!.release;
    const overdue = stored.reminders.filter((r) => r.timing === 'overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((r) => r.status === 'sent')).toBe(true);
    // Sent once: as many overdue notices printed as there are overdue reminders.
    expect(bot.stdout.match(/\(overdue: /g)).toHaveLength(overdue.length);
  });

  it('answers an unexpected failure with a short reference and logs the full error under it', async () => {
    bot = await startConsoleProcess({ user: 'alice' });
    bot.send('release Disk trouble', ...ROUTINE, 'y');
    await bot.waitFor(/✓ R-1 started as Standard change\./);
    // Make the next write fail in a way no use case expects: the release's file becomes a non-empty directory.
    await rm(path.join(bot.dataDir, 'releases', 'R-1.json'));
    await mkdir(path.join(bot.dataDir, 'releases', 'R-1.json', 'blocker'), { recursive: true });
    bot.send('done 1');
    const [, ref] = await bot.waitFor(/✗ Something went wrong on my side \(ref (ERR-[0-9A-F]{6})\)\. The details are in the bot's log/);
    const logged = bot.stderr.split('\n').filter((l) => l.includes(`"ref":"${ref}"`)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', message: 'request failed', surface: 'console', intent: 'step' });
    expect(JSON.stringify(logged[0]?.error)).toMatch(/R-1\.json/);
    expect(bot.stdout).not.toMatch(/R-1\.json/);
  });
});
