import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readConfig, silentLogger, startCore, type Core, type Digest, type Origin, type Outcome } from '../../src/index.js';

/*
 * The daily digest through the real core: releases started and changed through the dispatcher, roles in the place
 * store, the digest scheduler ticked by hand on a clock the test moves. Berlin, DIGEST_AT 09:00.
 */
let dir: string;
let core: (Core & { store: unknown }) | undefined;
let now = new Date('2026-12-07T07:00:00Z'); // Mon 7 Dec, 08:00 in Berlin
const sent: Digest[] = [];
const failFor = new Set<string>();
const tries = new Map<string, number>();
let digests: ReturnType<Core['startScheduler']>['digests'];

async function open(env: Record<string, string> = {}): Promise<Core> {
  const config = readConfig({ DATA_DIR: path.join(dir, 'data'), MODELS_DIR: path.resolve('models'), TZ: 'Europe/Berlin', REMINDER_TICK_SECONDS: '3600', DIGEST_AT: '09:00', ...env });
  core = await startCore(config, { clock: { now: () => now }, logger: silentLogger });
  digests = core.startScheduler(() => ({
    deliver: async () => undefined,
    deliverDigest: async (d) => {
      tries.set(d.person.name, (tries.get(d.person.name) ?? 0) + 1);
      if (failFor.has(d.person.id)) throw new Error('chat refused');
      sent.push(d);
    },
  })).digests;
  return core;
}
const person = (name: string) => ({ id: `slack:U${name.toUpperCase()}`, name });
const at = (name: string): Origin => ({
  actor: person(name),
  place: { surface: 'slack', workspaceId: 'T1', channelId: 'C1' },
  identify: async (typed) => (/^<@U([A-Z]+)>$/.test(typed) ? person(/^<@U([A-Z]+)>$/.exec(typed)![1]!.toLowerCase()) : undefined),
});
const minor = { title: 'Search v3', deployAt: '2026-12-08 10:00', urgency: 'planned', kind: 'application', userFacing: 'yes', impact: 'medium', risk: 'medium', rollback: 'easy' };
const tickAt = async (iso: string) => {
  now = new Date(iso);
  sent.length = 0;
  const count = await digests.tick();
  return { count, names: sent.map((d) => d.person.name).sort() };
};
const of = (name: string) => sent.find((d) => d.person.name === name)!;
const steps = (d: Digest) => d.releases.flatMap((r) => r.steps.map((s) => `${r.releaseId} ${s.number}${s.overdue ? ' overdue' : ''} ${s.why}`));
const digestOf = (o: Outcome) => (o.kind === 'digest' ? o : undefined);

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'digest-'));
  now = new Date('2026-12-07T07:00:00Z');
  sent.length = 0;
  failFor.clear();
  tries.clear();
  const c = await open();
  expect((await c.dispatcher.dispatch({ kind: 'create', answers: minor }, at('alice'))).kind).toBe('done');
  await c.dispatcher.dispatchText('roles add dev <@UDANA>', at('alice'));
  await c.dispatcher.dispatchText('assign 3 R-1 <@UBOB>', at('alice'));
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await fs.rm(dir, { recursive: true, force: true });
});

describe('the daily digest', () => {
  it('sends each person their overdue and soon-due steps once a day at DIGEST_AT in the team zone, across a restart', async () => {
    expect(await tickAt('2026-12-07T07:59:00Z')).toEqual({ count: 0, names: [] });
    expect(await tickAt('2026-12-07T08:00:30Z')).toEqual({ count: 3, names: ['alice', 'bob', 'dana'] });
    // bob: the step assigned to him, overdue since Sunday.
    expect(steps(of('bob'))).toEqual(['R-1 3 overdue assigned']);
    // dana holds dev here: peer review is overdue, and the two dev steps due Monday 10:00 are due within the day.
    expect(steps(of('dana'))).toEqual(['R-1 2 overdue role', 'R-1 4 role', 'R-1 5 role']);
    // alice manages it: her own scope step, and the steps of roles nobody holds here.
    expect(steps(of('alice'))).toEqual(['R-1 1 overdue role', 'R-1 6 unstaffed', 'R-1 7 unstaffed', 'R-1 14 unstaffed', 'R-1 15 unstaffed']);
    expect(of('alice')).toMatchObject({ overdue: 1, dueSoon: 4, surface: 'slack', workspaceId: 'T1' });
    // The deployment (Tuesday 10:00) is more than a day away; the steps after it wait for it.
    expect(of('alice').releases[0]!.moreOpen).toBe(1);

    expect(await tickAt('2026-12-07T12:00:00Z')).toEqual({ count: 0, names: [] });
    await core!.close();
    await open();
    expect(await tickAt('2026-12-07T13:00:00Z')).toEqual({ count: 0, names: [] });
    const file = JSON.parse(await fs.readFile(path.join(dir, 'data', 'places.json'), 'utf8')) as { places: Record<string, { digest?: { lastSentOn?: string } }> };
    expect(file.places['person:slack:T1:slack:UBOB']?.digest?.lastSentOn).toBe('2026-12-07');
  });

  it('leaves out whoever turned it off, keeps "digest" on demand for them, and sends again once they turn it on', async () => {
    const off = digestOf(await core!.dispatcher.dispatchText('digest off', at('dana')));
    expect(off).toMatchObject({ off: true, message: 'Your daily digest is off. "digest" still shows it whenever you ask; "digest on" starts it again.' });
    expect((await tickAt('2026-12-07T08:00:30Z')).names).toEqual(['alice', 'bob']);
    const asked = digestOf(await core!.dispatcher.dispatchText('digest', at('dana')));
    expect(asked).toMatchObject({ off: true, at: '09:00 Europe/Berlin' });
    expect(asked?.digest?.overdue).toBe(1);
    const on = digestOf(await core!.dispatcher.dispatchText('digest on', at('dana')));
    expect(on?.message).toBe('Your daily digest is on: it comes at 09:00 Europe/Berlin when something of yours is overdue or due within a day.');
    expect((await tickAt('2026-12-08T08:00:30Z')).names).toContain('dana');
    expect(await core!.dispatcher.dispatchText('digest weekly', at('dana'))).toMatchObject({ kind: 'refused', message: '"weekly" is not on or off. Usage: digest [on|off]' });
  });

  it('says so when nothing is due, and retries a digest the chat refused, then gives up until the next day', async () => {
    expect(digestOf(await core!.dispatcher.dispatchText('digest', at('erin')))).toEqual({ kind: 'digest', off: false, at: '09:00 Europe/Berlin' });
    failFor.add('slack:UBOB');
    expect((await tickAt('2026-12-07T08:00:30Z')).names).toEqual(['alice', 'dana']);
    expect((await tickAt('2026-12-07T08:00:40Z')).names).toEqual([]);
    failFor.delete('slack:UBOB');
    // The second try comes a minute after the first failure.
    expect((await tickAt('2026-12-07T08:01:31Z')).names).toEqual(['bob']);
    failFor.add('slack:UALICE');
    tries.clear();
    const names: string[] = [];
    for (const t of ['2026-12-08T08:00:30Z', '2026-12-08T08:01:31Z', '2026-12-08T08:03:32Z', '2026-12-08T08:30:00Z', '2026-12-08T20:00:00Z']) names.push(...(await tickAt(t)).names);
    // Three tries a day (a minute, then two minutes apart), then nothing more that day.
    expect(names).toEqual(['bob', 'dana']);
    expect(tries.get('alice')).toBe(3);
    failFor.delete('slack:UALICE');
    expect((await tickAt('2026-12-09T08:00:30Z')).names).toContain('alice');
  });
});

describe('digestMoment', () => {
  it('is the local hour in the team zone, on the local day, and comes when the clocks resume on a spring-forward', async () => {
    const { digestMoment } = await import('../../src/digest/digest-time.js');
    // 23:30 UTC on 5 Dec is already 6 Dec in Berlin.
    expect(digestMoment(new Date('2026-12-05T23:30:00Z'), { hour: 9, minute: 0 }, 'Europe/Berlin')).toEqual({ day: '2026-12-06', dueAt: new Date('2026-12-06T08:00:00Z') });
    expect(digestMoment(new Date('2026-07-01T12:00:00Z'), { hour: 9, minute: 0 }, 'Europe/Berlin').dueAt).toEqual(new Date('2026-07-01T07:00:00Z'));
    // 02:30 does not exist in Berlin on 29 March 2026: the digest comes at 03:30 CEST.
    expect(digestMoment(new Date('2026-03-29T10:00:00Z'), { hour: 2, minute: 30 }, 'Europe/Berlin').dueAt).toEqual(new Date('2026-03-29T01:30:00Z'));
  });
});
