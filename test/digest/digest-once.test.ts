import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestScheduler, type DigestScheduler, type DigestSchedulerOptions } from '../../src/digest/create-digest-scheduler.js';
import type { Digest } from '../../src/digest/digest.js';
import { silentLogger } from '../../src/logging/logger.js';
import { releaseModelSchema } from '../../src/models/model-schema.js';
import { openJsonPlaceStore } from '../../src/storage/json-place-store.js';
import type { PlaceStore } from '../../src/storage/place-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { watchReleaseChanges } from '../../src/storage/watch-release-changes.js';
import { MemoryReleaseStore } from '../helpers/memory-store.js';
import { releaseWith } from '../scheduler/fixtures.js';

/*
 * The daily digest exactly once with two schedulers (two instances) on one place store, a real places.json file.
 * DIGEST_AT 09:00 Berlin; Monday 7 Dec 2026, 09:00 Berlin is 08:00 UTC. One release planned Tuesday 10:00 UTC whose
 * three steps are due Monday 10:00 UTC: bob's and dana's (assigned) and one nobody holds (Rita, the manager).
 */
const model = releaseModelSchema.parse({
  id: 'digest-test',
  name: 'Digest test',
  description: 'Three steps due a day ahead.',
  risk: 'low',
  deploymentStep: 'deploy',
  steps: [
    { id: 'review', title: 'Peer review', phase: 'build', owner: 'dev', due: '-1d' },
    { id: 'notes', title: 'Release notes', phase: 'communication', owner: 'comms', due: '-1d' },
    { id: 'smoke', title: 'Smoke test plan', phase: 'build', owner: 'ops', due: '-1d' },
    { id: 'deploy', title: 'Deploy', phase: 'deployment', owner: 'ops' },
  ],
});
const person = (name: string) => ({ id: `slack:U${name.toUpperCase()}`, name });
const keyOf = (name: string) => (name === 'Rita' ? 'person:slack:-:console:rita' : `person:slack:-:slack:U${name.toUpperCase()}`);

let dir: string;
let places: PlaceStore;
let releases: MemoryReleaseStore;
let now: Date;
const clock = { now: () => now };
/** Per instance, the people it sent a digest to; `failFor` makes a send throw. */
const sent: Record<string, string[]> = {};
const tries: Record<string, number> = {};
const failFor = new Set<string>();

function instance(name: string, claimLeaseMs?: number, more: Partial<DigestSchedulerOptions> = {}): DigestScheduler {
  sent[name] = [];
  return createDigestScheduler({
    store: releases,
    ...more,
    places,
    clock,
    timeZone: 'Europe/Berlin',
    at: { hour: 9, minute: 0 },
    senderFor: () => ({
      deliver: async () => undefined,
      async deliverDigest(d: Digest) {
        tries[d.person.name] = (tries[d.person.name] ?? 0) + 1;
        // Both instances' sends are on their way before either finishes, as on two machines.
        await new Promise((r) => setTimeout(r, 20));
        if (failFor.has(d.person.name)) throw new Error('chat refused');
        sent[name]!.push(d.person.name);
      },
    }),
    rolesFor: async () => ({}),
    logger: silentLogger,
    tickSeconds: 1,
    ...(claimLeaseMs !== undefined ? { claimLeaseMs } : {}),
  });
}

async function placesFile(): Promise<Record<string, { digest?: Record<string, unknown> }>> {
  return (JSON.parse(await readFile(path.join(dir, 'places.json'), 'utf8')) as { places: Record<string, { digest?: Record<string, unknown> }> }).places;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'digest-once-'));
  now = new Date('2026-12-07T07:00:00Z');
  for (const k of Object.keys(tries)) delete tries[k];
  failFor.clear();
  releases = new MemoryReleaseStore();
  await releases.create((id, seq) => {
    const r = releaseWith({ id, seq, plannedAt: '2026-12-08T10:00:00.000Z', now, model, surface: 'slack' });
    r.steps[0]!.assignee = person('bob');
    r.steps[1]!.assignee = person('dana');
    return r;
  });
  places = await openJsonPlaceStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the daily digest across two instances on one place store', () => {
  it.each([
    ['one process per store (no lease)', undefined],
    ['instances on one database (a lease)', 60_000],
  ])('firing at the same time, sends each person one DM: %s', async (_, lease) => {
    const a = instance('a', lease);
    const b = instance('b', lease);
    now = new Date('2026-12-07T08:00:30Z');
    const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
    expect(fromA + fromB).toBe(3);
    expect([...sent.a!, ...sent.b!].sort()).toEqual(['Rita', 'bob', 'dana']);
    expect(tries).toEqual({ Rita: 1, bob: 1, dana: 1 });
    // Later ticks that day, on either, send nothing more.
    now = new Date('2026-12-07T09:00:00Z');
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([0, 0]);
    const file = await placesFile();
    for (const name of ['bob', 'dana', 'Rita']) expect(file[keyOf(name)]?.digest).toEqual({ off: false, lastSentOn: '2026-12-07' });
  });

  it('a failed send is handed back and tried again by either, three tries a day in all, then the next day', async () => {
    const a = instance('a', 60_000);
    const b = instance('b', 60_000);
    failFor.add('bob');
    const both = async (iso: string) => {
      now = new Date(iso);
      return Promise.all([a.tick(), b.tick()]);
    };
    await both('2026-12-07T08:00:30Z');
    expect(tries.bob).toBe(1);
    expect((await placesFile())[keyOf('bob')]?.digest).toEqual({ off: false, delivery: { day: '2026-12-07', failedTries: 1, retryAt: '2026-12-07T08:01:30.000Z' } });
    await both('2026-12-07T08:01:00Z'); // waits a minute after the first failure
    expect(tries.bob).toBe(1);
    await both('2026-12-07T08:01:31Z');
    expect(tries.bob).toBe(2);
    await both('2026-12-07T08:03:32Z');
    await both('2026-12-07T08:30:00Z');
    await both('2026-12-07T20:00:00Z');
    expect(tries.bob).toBe(3);
    failFor.delete('bob');
    await both('2026-12-08T08:00:30Z');
    expect(tries.bob).toBe(4);
    expect([...sent.a!, ...sent.b!].filter((n) => n === 'bob')).toEqual(['bob']);
  });

  it('a claim left by a process that died mid-send: taken over at once by the next process, or after the lease among instances', async () => {
    const claimedAt = '2026-12-07T08:00:10.000Z';
    const leaveClaim = (key: string) => places.update(key, (r) => ({ record: { ...r, digest: { off: false, delivery: { day: '2026-12-07', claimedAt } } }, result: undefined }));
    await leaveClaim(keyOf('bob'));
    now = new Date('2026-12-07T08:00:30Z');
    // The next process on the same files (started after the claim): bob's digest goes out at once.
    const next = instance('next');
    expect(await next.tick()).toBe(3);
    expect(sent.next).toContain('bob');

    // Among instances, a claim 20 s old may be a live instance's: left alone until the lease runs out.
    now = new Date('2026-12-08T08:00:30Z');
    await places.update(keyOf('dana'), (r) => ({ record: { ...r, digest: { off: false, lastSentOn: '2026-12-07', delivery: { day: '2026-12-08', claimedAt: '2026-12-08T08:00:10.000Z' } } }, result: undefined }));
    const peer = instance('peer', 60_000);
    await peer.tick();
    expect(sent.peer).not.toContain('dana');
    now = new Date('2026-12-08T08:01:10Z');
    await peer.tick();
    expect(sent.peer).toContain('dana');
  });

  it('reads a places.json written before claims existed, and writes none back once sent', async () => {
    await writeFile(
      path.join(dir, 'places.json'),
      JSON.stringify({ schemaVersion: 1, places: { [keyOf('bob')]: { roles: {}, audit: [], digest: { off: false, lastSentOn: '2026-12-06', changedAt: '2026-12-01T10:00:00.000Z' } } } }),
    );
    places = await openJsonPlaceStore(dir);
    now = new Date('2026-12-07T08:00:30Z');
    expect(await instance('a').tick()).toBe(3);
    expect((await placesFile())[keyOf('bob')]?.digest).toEqual({ off: false, lastSentOn: '2026-12-07', changedAt: '2026-12-01T10:00:00.000Z' });
  });
});

/** The store with its listings counted: each digest look lists every active release. */
function countingLists(inner: ReleaseStore, count: () => void): ReleaseStore {
  return {
    create: (build, key) => inner.create(build, key),
    get: (id) => inner.get(id),
    update: (id, change) => inner.update(id, change),
    listActive: () => {
      count();
      return inner.listActive();
    },
    archive: (id) => inner.archive(id),
    readArchive: () => inner.readArchive(),
    close: () => inner.close(),
  };
}

describe('the daily digest when nothing is due for anyone', () => {
  it('looks again only after a while, or once a release changes, instead of reading every release each tick', async () => {
    const memory = new MemoryReleaseStore();
    let lists = 0;
    const store = watchReleaseChanges(countingLists(memory, () => lists++), silentLogger);
    const digests = instance('quiet', undefined, { store, changes: store.changes });
    const at = (iso: string) => {
      now = new Date(iso);
      return digests.tick();
    };
    expect(await at('2026-12-07T08:00:30Z')).toBe(0);
    for (let s = 31; s < 60; s++) await at(`2026-12-07T08:00:${s}Z`);
    expect(lists).toBe(1);
    // A release started later that day brings its people theirs at the next tick.
    await store.create((id, seq) => releaseWith({ id, seq, plannedAt: '2026-12-08T10:00:00.000Z', now, model, surface: 'slack' }));
    expect(await at('2026-12-07T08:01:00Z')).toBe(1);
    expect(sent.quiet).toEqual(['Rita']);

    // A write this instance does not see (another instance's, on one database): noticed five minutes later.
    releases = new MemoryReleaseStore();
    let blind = 0;
    const watchedHere = watchReleaseChanges(countingLists(releases, () => blind++), silentLogger);
    const other = instance('other', undefined, { store: watchedHere, changes: watchedHere.changes });
    now = new Date('2026-12-08T08:00:30Z');
    expect(await other.tick()).toBe(0);
    await releases.create((id, seq) => releaseWith({ id, seq, plannedAt: '2026-12-09T10:00:00.000Z', now, model, surface: 'slack' }));
    now = new Date('2026-12-08T08:05:29Z');
    expect(await other.tick()).toBe(0);
    expect(blind).toBe(1);
    now = new Date('2026-12-08T08:05:30Z');
    expect(await other.tick()).toBe(1);
    expect(sent.other).toEqual(['Rita']);
  });
});
