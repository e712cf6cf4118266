import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { systemClock } from '../../src/domain/clock.js';
import { createDigestScheduler } from '../../src/digest/create-digest-scheduler.js';
import { silentLogger } from '../../src/logging/logger.js';
import { benchModel } from './bench-model.js';
import { createReminderScheduler } from '../../src/scheduler/create-reminder-scheduler.js';
import { runBounded } from '../../src/scheduler/run-bounded.js';
import { openJsonPlaceStore } from '../../src/storage/json-place-store.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { watchReleaseChanges } from '../../src/storage/watch-release-changes.js';
import { storeRelease } from '../scheduler/fixtures.js';

/*
 * Idle scheduler CPU (issue 14: < 1% of a core at 1,000 active releases): the reminder and digest schedulers as the
 * core runs them (lowdb store behind the watched store, default 1 s tick), over releases whose reminders are all
 * weeks away, measured with process.cpuUsage() over a window of wall time once started (see below). 10 active
 * releases are the baseline, in the same run.
 * IDLE_BENCH_SECONDS shortens or lengthens the window (default 20 s).
 */
const WINDOW_S = Number(process.env.IDLE_BENCH_SECONDS ?? 20);
const TICK_SECONDS = 1; // REMINDER_TICK_SECONDS' default
const model = benchModel('Reminders weeks away.', [
  { id: 'announce-2d', kind: 'communication', at: '-2d', owners: ['comms'], message: 'Tell the users about {title} at {plannedAt}.' },
  { id: 'announce-1h', kind: 'communication', at: '-1h', owners: ['comms'], message: 'One hour to go for {id}.' },
]);

const CHILD_FLAG = '--idle-scheduler-child';
const measuredSchema = z.object({ cpuPercent: z.number(), ticks: z.number(), seedSeconds: z.number() });
type Measured = z.infer<typeof measuredSchema>;

/** Tells the parent this run is warmed up, then waits for its "go" (on stdin) to start the window; without a parent, goes at once. */
async function ready(): Promise<void> {
  if (!process.argv.includes(CHILD_FLAG)) return;
  process.stdout.write('ready\n');
  process.stdin.resume();
  await once(process.stdin, 'end');
}

async function idleCpu(root: string, active: number): Promise<Measured> {
  const dataDir = path.join(root, `active-${active}`);
  const seedStart = performance.now();
  // Created through the store API, so the bench follows whatever layout the store writes.
  const raw = await openLowdbStore({ dataDir });
  const store = watchReleaseChanges(raw, silentLogger);
  const plannedAt = new Date(Date.now() + 60 * 86_400_000).toISOString();
  await runBounded(Array.from({ length: active }, (_, i) => i), 16, async () => {
    await storeRelease(store, { plannedAt, now: new Date(), model });
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const places = await openJsonPlaceStore(dataDir);

  let ticks = 0;
  const reminders = createReminderScheduler({
    store,
    changes: store.changes,
    clock: systemClock,
    senderFor: () => ({ deliver: async () => undefined, deliverDigest: async () => undefined }),
    timeZone: 'Europe/Berlin',
    tickSeconds: TICK_SECONDS,
    maxLatenessMs: 12 * 3_600_000,
    maxAttempts: 5,
    retryBaseMs: 10_000,
    logger: silentLogger,
  });
  const digests = createDigestScheduler({
    store,
    changes: store.changes,
    places,
    clock: systemClock,
    timeZone: 'Europe/Berlin',
    at: { hour: 9, minute: 0 },
    senderFor: () => ({ deliver: async () => undefined, deliverDigest: async () => undefined }),
    rolesFor: async () => ({}),
    logger: silentLogger,
    tickSeconds: TICK_SECONDS,
  });
  try {
    reminders.start();
    digests.start();
    // The first tick builds the next-due index (one listActive), the digest scheduler takes its first look, and the
    // heap settles after seeding: one-off start-up costs, so the window starts 8 s after that first tick.
    const giveUp = Date.now() + 15_000;
    while (!reminders.lastTick() && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 8_000));
    await ready();

    let seen = reminders.lastTick();
    const poll = setInterval(() => {
      const last = reminders.lastTick();
      if (last !== seen) ticks++;
      seen = last;
    }, (TICK_SECONDS * 1000) / 4);
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    clearInterval(poll);
    return { cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, ticks, seedSeconds };
  } finally {
    await reminders.stop();
    await digests.stop();
    await store.close();
  }
}

/**
 * Each size in a fresh process (neither inherits the other's heap and its garbage collections), both measuring over
 * the same wall-clock window, so noise from the rest of the machine hits both alike.
 */
async function both(sizes: readonly number[]): Promise<Measured[]> {
  const children = sizes.map((active) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), CHILD_FLAG, String(active)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    let onReady!: () => void;
    const ready = new Promise<void>((resolve) => (onReady = resolve));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) onReady();
    });
    const exited = once(child, 'exit').then(([code]) => {
      if (code !== 0) throw new Error(`the ${active}-release run exited with ${String(code)}`);
      return measuredSchema.parse(JSON.parse(out.trim().split('\n').at(-1) ?? ''));
    });
    return { child, ready, exited };
  });
  await Promise.race([Promise.all(children.map((c) => c.ready)), ...children.map((c) => c.exited)]);
  for (const c of children) c.child.stdin.end('go\n');
  return Promise.all(children.map((c) => c.exited));
}

export default async function idleSchedulerBench(): Promise<void> {
  const [large, baseline] = (await both([1_000, 10])) as [Measured, Measured];
  console.log(`idle scheduler CPU at 1,000 active releases: ${large.cpuPercent.toFixed(2)}% of a core`);
  console.log(`idle scheduler CPU at 10 active releases (baseline, same run): ${baseline.cpuPercent.toFixed(2)}% of a core`);
  console.log(
    `  ${WINDOW_S} s window, both at once in processes of their own, ${TICK_SECONDS} s tick: ${large.ticks} and ${baseline.ticks} ticks; ratio 1,000 / 10: ${(large.cpuPercent / baseline.cpuPercent).toFixed(2)}; seeding took ${large.seedSeconds.toFixed(1)} s and ${baseline.seedSeconds.toFixed(1)} s`,
  );
}

async function child(active: number): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'idle-scheduler-bench-'));
  try {
    const m = await idleCpu(root, active);
    // A window without ticks would measure nothing.
    if (m.ticks < WINDOW_S / TICK_SECONDS / 2) throw new Error(`only ${m.ticks} ticks in ${WINDOW_S} s at ${active} releases`);
    console.log(JSON.stringify(m));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf(CHILD_FLAG);
  if (at >= 0) await child(Number(process.argv[at + 1]));
  else await idleSchedulerBench();
}
