import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReleaseService } from '../../src/app/create-release-service.js';
import type { ReleaseService } from '../../src/app/release-service.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { releaseModelSchema } from '../../src/models/model-schema.js';
import { planStepNudges } from '../../src/scheduler/plan-step-nudges.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { WatchedReleaseStore } from '../../src/storage/watch-release-changes.js';
import type { RoleHolders } from '../../src/domain/gates.js';
import { RecordingSender } from './fixtures.js';
import { recordingLogger, schedulerFor, tempDir, watched } from './harness.js';

/*
 * Overdue steps through the real release service, the default Minor model, the file store and the scheduler on a
 * fake clock. The Minor model's steps fall due at T-3d (scope, release manager), T-2d (peer review, feature flags:
 * dev), T-1d (six steps), T (deploy), and after the deployment at +1h (verify), +1d and +2d.
 */
const T0 = new Date('2026-12-05T10:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T = new Date(T0.getTime() + 4 * DAY); // the planned deployment: Wed 9 Dec 10:00 UTC
const atT = (ms: number) => new Date(T.getTime() + ms);
const rita = { id: 'console:rita', name: 'rita' };
const bob = { id: 'console:bob', name: 'bob' };
const dana = { id: 'console:dana', name: 'dana' };
const location = { surface: 'console' as const, channelId: 'console', messageIds: {} };
const minor = { title: 'Search v3', urgency: 'planned', kind: 'application', userFacing: true, impact: 'medium', risk: 'medium', rollback: 'easy' };

let store: WatchedReleaseStore;
let service: ReleaseService;
let sender: RecordingSender;
let holders: RoleHolders;
let tick: (time: Date) => Promise<Array<{ kind: string; title: string; text: string; mentions: string[] }>>;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  vi.useFakeTimers({ now: T0 });
  const tmp = await tempDir();
  store = watched(await openLowdbStore({ dataDir: tmp.dir }));
  service = createReleaseService({ store, catalog: await loadCatalog('models'), clock: systemClock, timeZone: 'UTC', logger: silentLogger, stepEscalateAfterMs: 4 * HOUR });
  sender = new RecordingSender();
  holders = {};
  const scheduler = schedulerFor(store, { console: sender }, recordingLogger().logger, { timeZone: 'UTC', rolesFor: async () => holders });
  tick = async (time) => {
    vi.setSystemTime(time);
    const before = sender.delivered.length;
    await scheduler.tick();
    return sender.delivered
      .slice(before)
      .filter((m) => m.kind === 'step_overdue' || m.kind === 'step_escalation')
      .map((m) => ({ kind: m.kind, title: m.title, text: m.text, mentions: m.mentions.map((p) => p.name) }));
  };
  cleanup = async () => {
    await store.close();
    await tmp.remove();
  };
});
afterEach(async () => {
  vi.useRealTimers();
  await cleanup();
});

const start = (deployAt: string) => service.start({ answers: { ...minor, deployAt }, actor: rita, location });

describe('overdue steps', () => {
  it('nudges the assignee, else the role holders, else the release manager, once, and escalates to the release manager', async () => {
    await start('2026-12-09 10:00');
    holders = { dev: [dana] };
    await service.act({ releaseId: 'R-1', step: 'feature_flags', action: 'assign', actor: rita, assignee: bob });

    expect(await tick(atT(-3 * DAY - MIN))).toEqual([]);
    // T-3d: the scope step is the release manager's own.
    const scope = await tick(atT(-3 * DAY + 1000));
    expect(scope).toEqual([
      {
        kind: 'step_overdue',
        title: 'Overdue step · R-1 Search v3',
        text: expect.stringContaining('Step 1 “') as string,
        mentions: ['rita'],
      },
    ]);
    expect(scope[0]!.text).toContain('(Release manager) was due Sun 6 Dec 2026, 10:00 UTC (now) and is still open. Mark it done ("done 1 R-1")');
    expect(scope[0]!.text).not.toContain('Nobody holds');
    // Once: later ticks send nothing more for it until its escalation.
    expect(await tick(atT(-3 * DAY + HOUR))).toEqual([]);

    // T-2d: peer review was done in time, so only the feature flags step is named, and only bob (its assignee) is asked.
    await service.act({ releaseId: 'R-1', step: 'peer_review', action: 'complete', actor: dana });
    const flags = await tick(atT(-2 * DAY + 1000));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.mentions).toEqual(['bob']);
    expect(flags[0]!.text).toMatch(/^Step 3 “[^”]+” \(Dev, bob\) was due Mon 7 Dec 2026, 10:00 UTC/);
    expect(flags[0]!.text).not.toContain('peer');

    // T-1d: six steps in one message; dev's go to dana, who holds the role here; nobody holds ops, support or comms.
    const dayBefore = await tick(atT(-DAY + 1000));
    expect(dayBefore).toHaveLength(1);
    expect(dayBefore[0]!.title).toBe('Overdue steps · R-1 Search v3');
    expect(dayBefore[0]!.mentions).toEqual(['dana', 'rita']);
    expect(dayBefore[0]!.text).toMatch(/^6 steps were due Tue 8 Dec 2026, 10:00 UTC \(now\) and are still open: step 4 “/);
    expect(dayBefore[0]!.text).toContain('Nobody holds the Ops, Support and Comms roles here, so this is for the release manager');
  });

  it('escalates a step still open after STEP_ESCALATE_AFTER to the release manager, and not one done in time', async () => {
    await start('2026-12-09 10:00');
    await service.act({ releaseId: 'R-1', step: 'feature_flags', action: 'assign', actor: rita, assignee: bob });
    await tick(atT(-3 * DAY + 1000));
    const scope = await tick(atT(-3 * DAY + 4 * HOUR + 1000));
    expect(scope.map((e) => [e.kind, e.mentions])).toEqual([['step_escalation', ['rita']]]);
    await service.act({ releaseId: 'R-1', step: 'peer_review', action: 'complete', actor: bob });
    await tick(atT(-2 * DAY + 1000));
    // Peer review was done within the four hours: only the feature flags step is escalated.
    const escalations = await tick(atT(-2 * DAY + 4 * HOUR + 1000));
    expect(escalations.map((e) => e.kind)).toEqual(['step_escalation']);
    const flags = escalations[0]!;
    expect(flags.title).toBe('Escalation: overdue step · R-1 Search v3');
    expect(flags.mentions).toEqual(['rita']);
    expect(flags.text).toContain('Step 3 “');
    expect(flags.text).not.toContain('Step 2 “');
    expect(flags.text).toContain('(Dev, bob), overdue since Mon 7 Dec 2026, 10:00 UTC (4 hours ago). It is still open.');
    expect(flags.text).toContain('"assign <n> R-1 @name"');
    expect(await tick(atT(-2 * DAY + 8 * HOUR))).toEqual([]);
  });

  it('sends nothing for steps done or skipped before they fell due, and records why', async () => {
    await start('2026-12-09 10:00');
    for (const step of ['ci_green', 'regression', 'staging_deploy', 'rollback_plan', 'support_briefed', 'announce'])
      await service.act({ releaseId: 'R-1', step, action: 'complete', actor: rita });
    await tick(atT(-3 * DAY + 1000));
    await tick(atT(-2 * DAY + 1000));
    expect(await tick(atT(-DAY + 1000))).toEqual([]);
    const r = await service.get('R-1');
    const dayBefore = r.reminders.find((x) => x.kind === 'step_overdue' && x.dueAt === atT(-DAY).toISOString());
    expect(dayBefore).toMatchObject({ status: 'skipped', reason: 'its steps were done or skipped in time' });
  });

  it('opens no burst for a release started after its steps fell due, and times steps after T from the actual deployment', async () => {
    vi.setSystemTime(atT(-HOUR));
    await start('2026-12-09 10:00');
    // Nine steps were already overdue when it started: the checklist shows them, nobody is pinged for them.
    expect(await tick(atT(-HOUR + 1000))).toEqual([]);
    const planned = (await service.get('R-1')).reminders.filter((x) => x.kind === 'step_overdue');
    expect(planned.map((x) => x.dueAt)).toEqual([T.toISOString()]);
    // Deployed two hours late: "verify" (+1h) is due an hour after the actual deployment, not the planned time.
    vi.setSystemTime(atT(2 * HOUR));
    await service.markDeployed({ releaseId: 'R-1', actor: rita });
    expect(await tick(atT(3 * HOUR - MIN))).toEqual([]);
    const verify = await tick(atT(3 * HOUR + 1000));
    expect(verify).toHaveLength(1);
    expect(verify[0]!.text).toContain('was due Wed 9 Dec 2026, 13:00 UTC');
  });

  it('moves pending nudges with a reschedule and never nudges a step twice', async () => {
    await start('2026-12-09 10:00');
    expect(await tick(atT(-3 * DAY + 1000))).toHaveLength(1);
    await service.reschedule({ releaseId: 'R-1', plannedAt: '2026-12-10 10:00', actor: rita });
    // The scope step was nudged already; the T-2d nudge moved a day later with the deployment.
    expect(await tick(atT(-2 * DAY + 1000))).toEqual([]);
    const moved = await tick(atT(-DAY + 1000));
    expect(moved.map((m) => m.kind)).toEqual(['step_overdue']);
    expect(moved[0]!.text).toContain('2 steps were due Tue 8 Dec 2026, 10:00 UTC');
  });
});

describe('planStepNudges', () => {
  const model = releaseModelSchema.parse({
    id: 'm',
    name: 'M',
    description: 'd',
    risk: 'low',
    deploymentStep: 'deploy',
    steps: [
      { id: 'a', title: 'A', phase: 'build', owner: 'dev', due: '-1d', escalateAfter: '30m' },
      { id: 'b', title: 'B', phase: 'build', owner: 'dev', due: '-1d' },
      { id: 'deploy', title: 'Deploy', phase: 'deployment', owner: 'ops' },
    ],
  });
  const release = {
    id: 'R-9',
    model,
    plannedAt: '2026-12-10T10:00:00.000Z',
    steps: model.steps.map((s) => ({ stepId: s.id, state: 'open' as const })),
    reminders: [],
  };

  it('groups steps due together, and escalates each after its own escalateAfter or the default', () => {
    const planned = planStepNudges(release, { now: T0, timeZone: 'UTC', escalateAfterMs: 4 * HOUR });
    expect(planned.map((r) => [r.kind, r.dueAt, r.stepIds])).toEqual([
      ['step_overdue', '2026-12-09T10:00:00.000Z', ['a', 'b']],
      ['step_escalation', '2026-12-09T10:30:00.000Z', ['a']],
      ['step_escalation', '2026-12-09T14:00:00.000Z', ['b']],
    ]);
  });

  it('keeps a nudge that is already due (waiting for its tick, or retrying after a failed send) when the times move', () => {
    const retrying = { id: 'R-9:step_overdue:2026-12-09T10:00:00.000Z', defId: 'step_overdue', kind: 'step_overdue' as const, dueAt: '2026-12-09T10:00:00.000Z', status: 'pending' as const, attempts: 1, nextAttemptAt: '2026-12-09T10:01:00.000Z', stepIds: ['a', 'b'] };
    const later = new Date('2026-12-09T10:00:30Z');
    const planned = planStepNudges({ ...release, reminders: [retrying] }, { now: later, timeZone: 'UTC', escalateAfterMs: 4 * HOUR });
    expect(planned.filter((r) => r.kind === 'step_overdue')).toEqual([retrying]);
    expect(planned.filter((r) => r.kind === 'step_escalation').map((r) => r.stepIds)).toEqual([['a'], ['b']]);
  });

  it('refuses an escalateAfter that is not a positive duration, naming the field', () => {
    const bad = releaseModelSchema.safeParse({ ...model, steps: [{ ...model.steps[0], escalateAfter: '-1h' }, ...model.steps.slice(1)] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['steps', 0, 'escalateAfter'], message: 'must be a positive duration such as "2h" or "1d"' });
  });
});
