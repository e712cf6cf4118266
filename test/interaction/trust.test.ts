import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readConfig, silentLogger, startCore, type Actor, type Core, type Origin, type Outcome, type ReleaseStore } from '../../src/index.js';

const now = new Date('2026-11-27T10:00:00Z');
const person = (name: string): Actor => ({ id: `slack:U${name.toUpperCase()}`, name });
const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map(person) as [Actor, Actor, Actor, Actor];
const at = (actor: Actor, workspaceId: string, channelId: string, canSee?: boolean): Origin => ({
  actor,
  place: { surface: 'slack', workspaceId, channelId },
  ...(canSee === undefined ? {} : { canSee: async () => canSee }),
});
const answers = { title: 'Checkout v2', deployAt: '2026-12-03 14:00', urgency: 'planned', kind: 'application', userFacing: 'yes', impact: 'medium', risk: 'medium', rollback: 'easy' };

let dir: string;
let core: Core & { store: ReleaseStore };
let id: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trust-'));
  core = await startCore(readConfig({ DATA_DIR: path.join(dir, 'data'), MODELS_DIR: path.resolve('models'), TZ: 'UTC' }), { clock: { now: () => now }, logger: silentLogger });
  const created = await core.dispatcher.dispatch({ kind: 'create', answers }, at(alice, 'T1', 'C1'));
  if (created.kind !== 'done') throw new Error(JSON.stringify(created));
  id = created.release.id;
});

afterEach(async () => {
  await core.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const text = (line: string, origin: Origin) => core.dispatcher.dispatchText(line, origin);
const refusal = (o: Outcome) => (o.kind === 'refused' ? o.message : `not refused: ${o.kind}`);

describe('who may see a release', () => {
  it('records the workspace a release was started in', async () => {
    expect((await core.service.get(id)).location).toMatchObject({ surface: 'slack', workspaceId: 'T1', channelId: 'C1' });
  });

  it('answers a request from another workspace exactly as for an unknown release, and lists nothing there', async () => {
    const unknown = refusal(await text('status R-99', at(bob, 'T2', 'C1')));
    expect(unknown).toBe('There is no release R-99. Type "list" to see the active releases.');
    for (const line of [`status ${id}`, `done 1 ${id}`, `assign 2 ${id} me`, `cancel ${id}`, `reschedule ${id} tomorrow 09:00`, `deploy ${id}`]) {
      expect(refusal(await text(line, at(alice, 'T2', 'C1')))).toBe(unknown.replace('R-99', id));
    }
    expect(await text('list', at(alice, 'T2', 'C1'))).toMatchObject({ kind: 'list', releases: [] });
    expect((await core.service.get(id)).steps[0]!.state).toBe('open');
  });

  it('lets people in its channel act, and elsewhere in the workspace only those who can see the channel', async () => {
    expect(await text(`done 1 ${id}`, at(bob, 'T1', 'C1'))).toMatchObject({ kind: 'done', changed: true });
    expect(refusal(await text(`done 2 ${id}`, at(bob, 'T1', 'D-BOB')))).toMatch(/^There is no release/);
    expect(refusal(await text(`done 2 ${id}`, at(bob, 'T1', 'D-BOB', false)))).toMatch(/^There is no release/);
    expect((await text(`done 2 ${id}`, at(bob, 'T1', 'D-BOB', true))).kind).toBe('done');
    // A command without an id finds only releases the person may reach.
    expect(refusal(await text('status', at(dave, 'T2', 'C9')))).toMatch(/Which release\? None lives here/);
  });

  it('answers a repeated start key from another workspace without showing the release it started', async () => {
    const key = (o: Origin): Origin => ({ ...o, deliveryKey: 'view-1' });
    const first = await core.dispatcher.dispatch({ kind: 'create', answers }, key(at(alice, 'T1', 'C1')));
    expect(first).toMatchObject({ kind: 'done', changed: true });
    expect(await core.dispatcher.dispatch({ kind: 'create', answers }, key(at(alice, 'T1', 'C1')))).toMatchObject({ kind: 'done', changed: false });
    const elsewhere = await core.dispatcher.dispatch({ kind: 'create', answers }, key(at(bob, 'T2', 'C1')));
    expect(elsewhere).toMatchObject({ kind: 'refused', code: 'conflict' });
    expect(JSON.stringify(elsewhere)).not.toContain('Checkout');
  });

  it('answers a release stored before workspaces were recorded in its own channel only', async () => {
    await core.store.update(id, (r) => {
      const { workspaceId: _dropped, ...location } = r.location;
      return { release: { ...r, location, rev: r.rev + 1 }, result: undefined };
    });
    expect((await text(`status ${id}`, at(bob, 'T1', 'C1'))).kind).toBe('checklist');
    expect(refusal(await text(`status ${id}`, at(bob, 'T1', 'D-BOB', true)))).toMatch(/^There is no release/);
  });

  it('lets the local console operator reach every release', async () => {
    expect(await text(`status ${id}`, { actor: { id: 'console:ops', name: 'ops' }, place: { surface: 'console', channelId: 'console' } })).toMatchObject({ kind: 'checklist' });
  });
});

describe('who may do what', () => {
  const inChannel = (actor: Actor) => at(actor, 'T1', 'C1');

  it('lets only the release manager cancel, close or reschedule, and names them', async () => {
    expect(refusal(await text(`cancel ${id}`, inChannel(bob)))).toBe(`Only the release manager (alice) can cancel ${id}.`);
    expect(refusal(await text(`reschedule ${id} 2026-12-04 10:00`, inChannel(bob)))).toBe(`Only the release manager (alice) can reschedule ${id}.`);
    expect((await text(`reschedule ${id} 2026-12-04 10:00`, inChannel(alice))).kind).toBe('done');
  });

  it('lets the release manager or the deployment step’s assignee record the deployment', async () => {
    const release = await core.service.get(id);
    const deployStep = release.model.steps.findIndex((s) => s.id === release.model.deploymentStep) + 1;
    expect(refusal(await text(`deploy ${id}`, inChannel(bob)))).toBe(`Only the release manager (alice) can record the deployment of ${id}.`);
    expect(refusal(await text(`done ${deployStep} ${id}`, inChannel(bob)))).toMatch(/Only the release manager \(alice\) can record the deployment/);
    expect((await core.dispatcher.dispatch({ kind: 'step', action: 'assign', step: deployStep, releaseId: id, assignee: { actor: bob } }, inChannel(alice))).kind).toBe('done');
    expect(refusal(await text(`deploy ${id}`, inChannel(carol)))).toBe(`Only the release manager (alice) or bob, to whom the deployment step is assigned, can record the deployment of ${id}.`);
    expect(await text(`deploy ${id}`, inChannel(bob))).toMatchObject({ kind: 'done', changed: true });
    expect(refusal(await text(`close ${id} success els:0 exit:met`, inChannel(bob)))).toBe(`Only the release manager (alice) can close ${id}.`);
  });

  it('does not let anyone take the deployment step for themselves and then deploy', async () => {
    const release = await core.service.get(id);
    const deployStep = release.model.steps.findIndex((s) => s.id === release.model.deploymentStep) + 1;
    expect(refusal(await text(`assign ${deployStep} ${id} me`, inChannel(carol)))).toBe(`Only the release manager (alice) can assign the deployment step of ${id}.`);
    expect(refusal(await text(`deploy ${id}`, inChannel(carol)))).toMatch(/^Only the release manager \(alice\) can record the deployment/);
    expect((await core.service.get(id)).deployedAt).toBeUndefined();
  });

  it('counts only the asker\'s own workspace in a report from chat', async () => {
    const other = await core.dispatcher.dispatch({ kind: 'create', answers: { ...answers, title: 'Elsewhere' } }, at(dave, 'T2', 'C7'));
    expect(other.kind).toBe('done');
    const started = (o: Outcome) => (o.kind === 'report' ? o.summary.keyFigures.find((f) => f.label === 'Releases')?.value : undefined);
    expect(started(await text('report all', inChannel(alice)))).toMatch(/^1 started/);
    expect(started(await text('report all', at(dave, 'T2', 'C7')))).toMatch(/^1 started/);
    expect(started(await text('report all', { actor: { id: 'console:ops', name: 'ops' }, place: { surface: 'console', channelId: 'console' } }))).toMatch(/^2 started/);
  });

  it('lets the release manager or the current assignee assign a step; anyone may take an unassigned one', async () => {
    const assign = (actor: Actor, to: Actor) => core.dispatcher.dispatch({ kind: 'step', action: 'assign', step: 3, releaseId: id, assignee: { actor: to } }, inChannel(actor));
    expect(refusal(await assign(carol, dave))).toBe(`Only the release manager (alice) can assign step 3 of ${id} to someone else; you can take it yourself.`);
    expect((await assign(carol, carol)).kind).toBe('done');
    expect(refusal(await assign(dave, dave))).toBe(`Only the release manager (alice) or carol, who has it now, can assign step 3 of ${id}.`);
    expect((await assign(carol, dave)).kind).toBe('done');
    expect((await core.service.get(id)).steps[2]!.assignee).toEqual(dave);
  });
});
