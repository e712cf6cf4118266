import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readConfig, silentLogger, startCore, systemClock, type Core, type Release, type ReleaseStore } from '../../src/index.js';
import { makeRelease } from '../helpers/make-release.js';
import { freshDatabase, TEST_DATABASE_URL, type TestDatabase } from '../helpers/test-database.js';

/*
 * PostgreSQL figures of issue 14, each against a baseline in the same run:
 * - a step action (a click through the dispatcher, on a core started with DATABASE_URL, so its writes also plan
 *   reminder jobs) with 1,000 active releases in the database against 10;
 * - 1,000 reminders falling due at one moment on two cores sharing one database (pg-boss jobs), lateness measured at
 *   a sender that takes as long as a chat API call, and each counted as delivered exactly once.
 * Every run makes fresh databases on TEST_DATABASE_URL's server and drops them afterwards.
 */
const STEPS = 20;
const SEED_BATCH = 50;
const WARMUP_ACTIONS = 40;
const ROUNDS = 6;
const ACTIONS_PER_ROUND = 50;
const REMINDERS = 1_000;
const SEND_MS = 5; // about one Slack chat.postMessage
const DAY_MS = 86_400_000;

type Instance = Core & { store: ReleaseStore };

const pct = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A core as an instance runs it: own DATA_DIR (tokens), shared database. */
async function startInstance(db: TestDatabase, name: string): Promise<{ core: Instance; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `rb-bench-pg-${name}-`));
  const config = readConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MODELS_DIR: path.resolve('models'), TZ: 'UTC', DIGEST_AT: 'off', DATABASE_URL: db.url });
  const core = await startCore(config, { logger: silentLogger, clock: systemClock });
  return {
    core,
    close: async () => {
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A release planned for tomorrow; its announcement falls due at `announceAt`, its ELS review waits for the deployment.
 * `history` assigns already in its audit trail, as the bench's own actions leave them.
 */
function plannedRelease(announceAt: number, history = 0): (id: string, seq: number) => Release {
  const now = Date.now();
  return (id, seq) => {
    const r = makeRelease({ id, seq, stepCount: STEPS, plannedAt: new Date(now + DAY_MS).toISOString() });
    r.reminders[0]!.dueAt = new Date(announceAt).toISOString();
    r.reminders[1]!.dueAt = new Date(now + 2 * DAY_MS).toISOString();
    const at = new Date(now).toISOString();
    for (let i = 0; i < history; i++) r.audit.push({ at, actor: { id: 'console:rita', name: 'rita' }, action: 'assign', stepId: `step-${1 + (i % 2)}`, detail: `p${i}` });
    return r;
  };
}

/** Creates `count` releases through the store, SEED_BATCH at a time in parallel; returns their ids in seq order. */
async function seed(store: ReleaseStore, count: number, build: (id: string, seq: number) => Release): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += SEED_BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(SEED_BATCH, count - start) }, () => store.create(build)));
    ids.push(...batch.map((c) => c.release.id));
  }
  return ids;
}

/** One click's worth: an assign through the dispatcher, as a button or a typed command reaches the core. */
async function act(core: Instance, releaseId: string, n: number): Promise<number> {
  // Steps 1 and 2 alternate per visit, so a release's audit grows but its steps never run out.
  const step = 1 + (n % 2);
  const origin = { actor: { id: 'console:rita', name: 'rita' }, place: { surface: 'console' as const, channelId: 'console' } };
  const assignee = { actor: { id: `console:p${n}`, name: `p${n}` } };
  const t0 = performance.now();
  const outcome = await core.dispatcher.dispatch({ kind: 'step', action: 'assign', step, releaseId, assignee }, origin);
  const ms = performance.now() - t0;
  if (outcome.kind !== 'done') throw new Error(`assign on ${releaseId} came back ${outcome.kind}: ${JSON.stringify(outcome)}`);
  return ms;
}

async function stepAction(): Promise<void> {
  const dbs = [await freshDatabase(), await freshDatabase()];
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const small = await startInstance(dbs[0]!, 'small');
    started.push(small);
    const large = await startInstance(dbs[1]!, 'large');
    started.push(large);
    // Reminders weeks away: nothing falls due while we measure (no scheduler runs here anyway). Every action appends
    // to its release's audit trail, and the 10 releases take a hundred times more actions each than the 1,000: so the
    // 1,000 start with the trail a small-set release has halfway through, and rows are the same size on average.
    const weeks = Date.now() + 14 * DAY_MS;
    const halfway = Math.round((WARMUP_ACTIONS + ROUNDS * ACTIONS_PER_ROUND) / 10 / 2);
    const seedStart = performance.now();
    const ids = { small: await seed(small.core.store, 10, plannedRelease(weeks)), large: await seed(large.core.store, 1_000, plannedRelease(weeks, halfway)) };
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const samples = { small: [] as number[], large: [] as number[] };
    const visits = { small: 0, large: 0 };
    // Walks each set with a stride coprime to its size, so successive actions land on releases spread across it.
    const next = (which: 'small' | 'large') => {
      const list = ids[which];
      const n = visits[which]++;
      return { id: list[(n * 7 + Math.floor(n / list.length)) % list.length]!, n };
    };
    for (let i = 0; i < WARMUP_ACTIONS; i++) {
      for (const which of ['small', 'large'] as const) {
        const { id, n } = next(which);
        await act(which === 'small' ? small.core : large.core, id, n);
      }
    }
    // Interleaved rounds, so machine noise (autovacuum, other processes) lands on both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of ['small', 'large'] as const) {
        for (let i = 0; i < ACTIONS_PER_ROUND; i++) {
          const { id, n } = next(which);
          samples[which].push(await act(which === 'small' ? small.core : large.core, id, n));
        }
      }
    }
    const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms`;
    console.log(`  seeded 10 + 1,000 releases in ${seedSeconds.toFixed(1)} s; ${samples.small.length} actions each after ${WARMUP_ACTIONS} warm-up`);
    console.log(`  10 active:    ${fmt(samples.small)}`);
    console.log(`  1,000 active: ${fmt(samples.large)}`);
    const p50 = pct(samples.large, 50) / pct(samples.small, 50);
    const p99 = pct(samples.large, 99) / pct(samples.small, 99);
    console.log(`step action, 1,000 vs 10 active releases (postgres): ratio p50 ${p50.toFixed(2)}, p99 ${p99.toFixed(2)}`);
  } finally {
    for (const s of started.reverse()) await s.close();
    await Promise.all(dbs.map((d) => d.drop()));
  }
}

/**
 * CPU time so far of the database's server processes serving `url`, by pid, when the server runs on this machine
 * (/proc readable); undefined otherwise. Counts in USER_HZ, which Linux fixes at 100 per second for /proc.
 */
async function backendCpuMs(url: string): Promise<Map<number, number> | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let pids: number[];
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    pids = rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) return undefined;
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return cpu;
}

/** A bot instance in a child process (pg-instance-process.ts), its deliveries and, when it stops, its CPU time. */
interface Child {
  name: string;
  deliveries: Array<{ reminderId: string; at: number; dueAt: number }>;
  ready: Promise<void>;
  stop(): Promise<number>;
}

function spawnInstance(url: string, name: string): Child {
  // BENCH_CPU_PROF=<dir> writes each instance's CPU profile there, to see where a reminder's time goes.
  const profile = process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(import.meta.dirname, 'pg-instance-process.ts'), name], {
    env: { ...process.env, DATABASE_URL: url, SEND_MS: String(SEND_MS) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const deliveries: Child['deliveries'] = [];
  let cpuMs: number | undefined;
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'ready') return onReady();
    const parsed = JSON.parse(line) as { reminderId?: string; at?: number; dueAt?: number; cpuMs?: number };
    if (parsed.cpuMs !== undefined) cpuMs = parsed.cpuMs;
    else deliveries.push({ reminderId: parsed.reminderId!, at: parsed.at!, dueAt: parsed.dueAt! });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    name,
    deliveries,
    ready,
    async stop() {
      child.stdin!.end();
      await exited;
      return cpuMs ?? NaN;
    },
  };
}

async function reminderLateness(): Promise<void> {
  const db = await freshDatabase();
  const children: Child[] = [];
  let seeder: { core: Instance; close(): Promise<void> } | undefined;
  try {
    // Two instances as production runs them, each a process of its own; this process only seeds and counts.
    children.push(spawnInstance(db.url, 'a'), spawnInstance(db.url, 'b'));
    await Promise.all(children.map((c) => c.ready));
    seeder = await startInstance(db, 'seeder');
    // All due at one moment, far enough ahead that every release (and its job) exists before it comes.
    const leadMs = 15_000;
    const dueAt = Date.now() + leadMs;
    const build = plannedRelease(dueAt);
    const seedStart = Date.now();
    const ids = await seed(seeder.core.store, REMINDERS, build);
    const seededAt = Date.now();
    if (seededAt >= dueAt) throw new Error(`seeding took ${seededAt - seedStart} ms, past the due time ${leadMs} ms ahead: lengthen leadMs`);
    const wanted = new Set(ids.map((id) => `${id}-announce`));
    const delivered = () => new Set(children.flatMap((c) => c.deliveries.map((d) => d.reminderId)));
    while (Date.now() < dueAt) await sleep(20);
    // What delivering costs, beside how late it is: on a shared machine the lateness follows the load, the cost less so.
    const pgBefore = await backendCpuMs(db.url);
    const deadline = dueAt + 60_000;
    while (Date.now() < deadline && delivered().size < wanted.size) await sleep(100);
    const pgAfter = pgBefore && (await backendCpuMs(db.url));
    const pgMs = pgAfter && [...pgAfter].reduce((sum, [pid, ms]) => sum + ms - (pgBefore.get(pid) ?? 0), 0);
    const drainS = (Date.now() - dueAt) / 1000;
    // Longer than a job's retry delay, so a second delivery of one reminder would show.
    await sleep(3_000);
    const all = children.flatMap((c) => c.deliveries);
    const counts = new Map<string, number>();
    for (const d of all) counts.set(d.reminderId, (counts.get(d.reminderId) ?? 0) + 1);
    const missing = [...wanted].filter((id) => !counts.has(id));
    const twice = [...counts.values()].filter((n) => n > 1);
    const stray = [...counts.keys()].filter((id) => !wanted.has(id));
    const once = [...wanted].filter((id) => counts.get(id) === 1).length;
    const lateness = all.map((d) => (d.at - d.dueAt) / 1000);
    console.log(`  seeded ${ids.length} releases in ${((seededAt - seedStart) / 1000).toFixed(1)} s, ${((dueAt - seededAt) / 1000).toFixed(1)} s before they fell due`);
    console.log(`  delivered exactly once: ${once} of ${wanted.size} (missing ${missing.length}, twice or more ${twice.length}, unexpected ${stray.length}); ${children.map((c) => `instance ${c.name} sent ${c.deliveries.length}`).join(', ')}`);
    console.log(`  all delivered ${drainS.toFixed(1)} s after they fell due; PostgreSQL CPU per reminder ${pgMs === undefined ? 'not measured (server not on this machine)' : `${(pgMs / REMINDERS).toFixed(1)} ms`}`);
    console.log(`  lateness min ${Math.min(...lateness).toFixed(2)} s, p50 ${pct(lateness, 50).toFixed(2)} s, p99 ${pct(lateness, 99).toFixed(2)} s, max ${Math.max(...lateness).toFixed(2)} s`);
    console.log(`reminder lateness, 1,000 due at once on two instances: p99 ${pct(lateness, 99).toFixed(2)} s`);
    if (missing.length > 0 || twice.length > 0 || stray.length > 0)
      throw new Error(`reminders not delivered exactly once: ${missing.length} missing, ${twice.length} more than once, ${stray.length} unexpected`);
  } finally {
    await seeder?.close();
    const cpu = await Promise.all(children.map((c) => c.stop()));
    if (cpu.every(Number.isFinite)) console.log(`  bot CPU over the whole run: ${children.map((c, i) => `${c.name} ${(cpu[i]! / 1000).toFixed(1)} s`).join(', ')}`);
    await db.drop();
  }
}

/** Step action at 1,000 vs 10 active releases, and 1,000 reminders due at once on two instances, on PostgreSQL. */
export default async function postgresBench(): Promise<void> {
  if (!TEST_DATABASE_URL) {
    console.log('PostgreSQL figures skipped: TEST_DATABASE_URL is not set (point it at a server where the role may create databases)');
    return;
  }
  // Everything here competes for the CPU with whatever else runs: the load says how noisy the figures are.
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} on this machine`);
  await stepAction();
  await reminderLateness();
}
