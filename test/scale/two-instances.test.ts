import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTokenCli } from '../../adapters/cli/run-token-cli.js';
import { releaseSchema, type Release } from '../../src/domain/release-schema.js';
import { FakeSlackApi, type FakeCall } from '../helpers/fake-slack-api.js';
import { SlackSender, messageAction } from '../helpers/slack-signing.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';
import { BotProcess, freePort } from './bot-process.js';
import { Rotation } from './rotation.js';

/*
 * Issue 14, "two real instances on one database": two bot processes (adapters/main.ts, as npm start runs it) on one
 * fresh PostgreSQL database, each with its own PORT and DATA_DIR, both talking to one fake Slack Web API. The fake
 * tells them apart by the Host header: A calls it as 127.0.0.1, B as localhost. Clicks are signed as Slack signs
 * them; pipeline calls carry a real token. What was stored is read straight from PostgreSQL.
 */

const SECRET = 'two-instances-signing-secret-0123';
const CHANNEL = 'C0RELEASE';
const MINOR = { urgency: 'planned', kind: 'application', userFacing: true, impact: 'medium', risk: 'medium', rollback: 'easy' };
const DAY = 86_400_000;

type Name = 'A' | 'B';
interface Instance {
  name: Name;
  port: number;
  dataDir: string;
  /** How this instance spells the fake Slack's address, so the fake can say which instance called. */
  slackHost: string;
  proc: BotProcess;
}

/** A click as Slack would deliver it: the signed body, and its delivery key as the bot derives it (clickKey). */
interface Click {
  releaseId: string;
  step: number;
  key: string;
  payload: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function poll<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

describePostgres('two real instances on one PostgreSQL database', () => {
  let db: TestDatabase;
  let fake: FakeSlackApi;
  let reads: pg.Pool;
  let token = '';
  let modelsDir = '';
  const instances = {} as Record<Name, Instance>;
  let seq = 0;

  function launch(i: Omit<Instance, 'proc'>): BotProcess {
    return BotProcess.start(i.name, i.port, {
      NODE_ENV: 'test', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url.replace('127.0.0.1', i.slackHost), DATABASE_URL: db.url, DATA_DIR: i.dataDir,
      MODELS_DIR: modelsDir, TZ: 'UTC', DIGEST_AT: 'off', LOG_LEVEL: 'warn',
      // Longer than the proxy's check interval (Rotation: 200 ms), as compose keeps it longer than Caddy's.
      SHUTDOWN_DRAIN: '1s',
    });
  }

  /** Starts (or restarts, on its port and data directory) one instance and waits for /readyz. */
  async function start(name: Name): Promise<Instance> {
    const i = instances[name];
    i.proc = launch(i);
    await i.proc.ready();
    return i;
  }

  beforeAll(async () => {
    db = await freshDatabase();
    fake = await new FakeSlackApi().start();
    reads = new pg.Pool({ connectionString: db.url, max: 2 });
    modelsDir = path.resolve('models');
    const dirs = await Promise.all([mkdtemp(path.join(tmpdir(), 'rb-two-a-')), mkdtemp(path.join(tmpdir(), 'rb-two-b-'))]);
    // One pipeline token for both instances, made as `npm run token -- create ci` makes it with their environment:
    // in the database when the token CLI keeps tokens there, else in tokens.json, which B then gets a copy of.
    const printed: string[] = [];
    const code = await runTokenCli(['create', 'ci'], { DATA_DIR: dirs[0], DATABASE_URL: db.url }, { out: (l) => printed.push(l), err: (l) => printed.push(l) });
    expect(code, printed.join('\n')).toBe(0);
    token = printed.at(-1)!;
    await copyFile(path.join(dirs[0], 'tokens.json'), path.join(dirs[1], 'tokens.json')).catch(() => undefined);
    const [pa, pb] = [await freePort(), await freePort()];
    const a = { name: 'A' as const, port: pa, dataDir: dirs[0], slackHost: '127.0.0.1' };
    const b = { name: 'B' as const, port: pb, dataDir: dirs[1], slackHost: 'localhost' };
    // Both start at once: the migrations run under an advisory lock, once.
    instances.A = { ...a, proc: launch(a) };
    instances.B = { ...b, proc: launch(b) };
    await Promise.all([instances.A.proc.ready(), instances.B.proc.ready()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(instances).map((i) => i.proc?.kill9()));
    await reads?.end();
    await fake?.close();
    await db?.drop();
    await Promise.all(Object.values(instances).map((i) => rm(i.dataDir, { recursive: true, force: true })));
  });

  // --- what PostgreSQL holds ------------------------------------------------------------------------------------

  async function stored(id: string): Promise<Release> {
    const { rows } = await reads.query<{ data: unknown }>('SELECT data FROM releases WHERE id = $1', [id]);
    if (!rows[0]) throw new Error(`${id} is not in the database`);
    return releaseSchema.parse(rows[0].data);
  }

  /** The steps before the deployment step, by number: anyone in the channel may tick them. */
  const openSteps = (r: Release) => r.steps.slice(0, r.steps.findIndex((s) => s.stepId === r.model.deploymentStep)).map((_, i) => i + 1);
  const doneSteps = (r: Release) => new Set(r.steps.flatMap((s, i) => (s.state === 'done' ? [i + 1] : [])));
  const auditWith = (r: Release, key: string) => r.audit.filter((e) => e.key === key);

  // --- what the fake Slack shows ---------------------------------------------------------------------------------

  /** Step number → state and who did it, as drawn in a set of Slack blocks (one checklist message, or one update of it). */
  function stepsIn(blocks: Array<Record<string, unknown>>, releaseId: string): Map<number, { state: 'open' | 'done' | 'skipped'; by?: string }> {
    const out = new Map<number, { state: 'open' | 'done' | 'skipped'; by?: string }>();
    for (const b of blocks) {
      const m = new RegExp(`^step:${releaseId}:(\\d+)$`).exec(String(b.block_id ?? ''));
      if (!m) continue;
      const text = String((b.text as { text?: string } | undefined)?.text ?? '');
      const state = text.startsWith(':white_check_mark:') ? 'done' : text.startsWith(':fast_forward:') ? 'skipped' : 'open';
      const person = /done by <@(\w+)>/.exec(text)?.[1];
      const pipeline = /done by pipeline (\S+)/.exec(text)?.[1];
      const by = person ?? (pipeline ? `pipeline:${pipeline}` : undefined);
      out.set(Number(m[1]), { state, ...(by ? { by } : {}) });
    }
    return out;
  }

  /** The checklist as the channel shows it now: every thread message of the release, as last updated. */
  function shownNow(r: Release) {
    const all = new Map<number, { state: string; by?: string }>();
    for (const [key, ts] of Object.entries(r.location.messageIds)) {
      if (key === 'summary') continue;
      for (const [n, s] of stepsIn(fake.messages.get(ts)?.blocks ?? [], r.id)) all.set(n, s);
    }
    return all;
  }

  /** The stored steps in the same form, for comparison with what Slack shows. */
  function storedSteps(r: Release) {
    const all = new Map<number, { state: string; by?: string }>();
    r.steps.forEach((s, i) => {
      const by = s.state === 'done' && s.by ? s.by.id.replace(/^slack:/, '') : undefined;
      all.set(i + 1, { state: s.state, ...(by ? { by } : {}) });
    });
    return all;
  }

  /** Waits until every checklist message of each release shows the stored state, then makes sure nothing older lands after it. */
  async function showsStoredState(ids: string[], timeoutMs = 15_000): Promise<void> {
    const differs = async () => {
      for (const id of ids) {
        const r = await stored(id);
        const shown = shownNow(r);
        for (const [n, s] of storedSteps(r)) {
          const got = shown.get(n);
          if (got?.state !== s.state || got.by !== s.by) return { r, n, what: `${id} step ${n}: stored ${JSON.stringify(s)}, Slack shows ${JSON.stringify(got)}` };
        }
      }
      return undefined;
    };
    const until = Date.now() + timeoutMs;
    for (let wrong = await differs(); wrong; wrong = await differs()) {
      if (Date.now() > until) throw new Error(`the chat messages never caught up with the database: ${wrong.what}; ${updatesOf(wrong.r, wrong.n)}`);
      await sleep(100);
    }
    // Quiet for a while (no Web API call at all), and still right: no older render was still on its way.
    await quiet();
    expect((await differs())?.what).toBeUndefined();
  }

  /** Every update of the message that shows a step, in order of arrival: which instance sent it, and how many steps it showed done. */
  function updatesOf(r: Release, step: number): string {
    const ts = Object.values(r.location.messageIds).find((t) => stepsIn(fake.messages.get(t)?.blocks ?? [], r.id).has(step));
    const updates = fake.calls.filter((c) => c.method === 'chat.update' && c.body.ts === ts);
    const done = (c: FakeCall) => [...stepsIn(c.body.blocks as Array<Record<string, unknown>>, r.id).values()].filter((x) => x.state === 'done').length;
    return `its updates (instance: steps shown done): ${updates.map((c) => `${c.host === hostOf(instances.A) ? 'A' : 'B'}: ${done(c)}`).join(', ')} (release at rev ${r.rev})`;
  }

  /** Until the fake has seen no Web API call for `ms`. */
  async function quiet(ms = 700): Promise<void> {
    let count = fake.calls.length;
    let since = Date.now();
    while (Date.now() - since < ms) {
      await sleep(50);
      if (fake.calls.length !== count) [count, since] = [fake.calls.length, Date.now()];
    }
  }

  const hostOf = (i: Instance) => `${i.slackHost}:${new URL(fake.url).port}`;

  // --- driving the instances -------------------------------------------------------------------------------------

  async function api(i: Instance, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${i.proc.origin}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown>, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  /** A release posted in the Slack channel through the pipeline API; resolves once its whole thread is posted and stored. */
  async function createRelease(i: Instance, title: string, deployAt = new Date(Date.now() + 3 * DAY)): Promise<Release> {
    const created = await api(i, 'POST', '/releases', { title, answers: { ...MINOR, deployAt: deployAt.toISOString() }, where: { slack: { channel: CHANNEL } } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = String(created.json.id);
    return poll(async () => {
      const r = await stored(id);
      const ts = Object.values(r.location.messageIds);
      return ts.length > 1 && ts.every((t) => fake.messages.has(t)) ? r : undefined;
    }, `${id}'s thread to be posted`);
  }

  /** The signed block_actions payload of "Done" (or "Undo") on a step, from the thread message that shows it. */
  function stepClick(r: Release, step: number, user: string, verb: 'done' | 'undo' = 'done'): Click {
    const ts = Object.entries(r.location.messageIds).find(([k, t]) => k !== 'summary' && stepsIn(fake.messages.get(t)?.blocks ?? [], r.id).has(step))?.[1];
    if (!ts) throw new Error(`no thread message of ${r.id} shows step ${step}`);
    const actionTs = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
    const element = { type: 'button', action_id: `step_${verb}:${step}`, value: `${r.id}|${step}`, text: { type: 'plain_text', text: verb === 'done' ? 'Done' : 'Undo' } };
    const payload = messageAction({ user, channel: CHANNEL, messageTs: ts, threadTs: r.location.threadId!, block: { block_id: `step:${r.id}:${step}` }, element, actionTs, responseUrl: fake.responseUrl('click') });
    return { releaseId: r.id, step, key: `slack:${ts}:${actionTs}:${user}`, payload };
  }

  const slackOf = (i: Instance) => new SlackSender(`${i.proc.origin}/slack/events`, SECRET);

  /** Delivers a click to one instance; the status it answered, or 0 when it could not be reached. */
  async function deliver(i: Instance, click: Click, retryNum?: number): Promise<number> {
    try {
      return (await slackOf(i).interactive(click.payload, retryNum !== undefined ? { retryNum } : {})).status;
    } catch {
      return 0;
    }
  }

  const upstreams = () => Object.values(instances).map((i) => ({ name: i.name, origin: i.proc.origin }));

  /** One change a person or a pipeline makes, and who acknowledged it (2xx), if anyone did. */
  interface Change {
    releaseId: string;
    step: number;
    /** The delivery key its audit entry carries. */
    key: string;
    via: 'slack' | 'api';
    ackedBy?: Name;
  }

  /**
   * Ticks `step` through the proxy: as a Slack click (redelivered to the next instance, marked as a retry, if it did
   * not get through), or as a pipeline call whose retries keep their Idempotency-Key.
   */
  async function change(rotation: Rotation, r: Release, step: number, via: Change['via'], user: string): Promise<Change> {
    if (via === 'slack') {
      const click = stepClick(r, step, user);
      const got = await rotation.send(async (u, tries) => ((await deliver(instances[u.name as Name], click, tries || undefined)) === 200 ? true : undefined));
      return { releaseId: r.id, step, key: click.key, via: 'slack', ...(got ? { ackedBy: got.by as Name } : {}) };
    }
    const key = `tick-${r.id}-${step}`;
    const got = await rotation.send(async (u) => {
      const res = await api(instances[u.name as Name], 'POST', `/releases/${r.id}/steps/${step}`, { action: 'complete' }, { 'Idempotency-Key': key }).catch(() => undefined);
      return res && res.status < 500 ? res.status : undefined;
    });
    return { releaseId: r.id, step, key: `api:ci:${key}`, via: 'api', ...(got && got.result < 300 ? { ackedBy: got.by as Name } : {}) };
  }

  /**
   * Every open step of every release, one release after the other per step, so each release is changed all along;
   * every other step of a release is ticked in Slack, the others by the pipeline.
   */
  const interleaved = (releases: Release[]) => {
    const longest = Math.max(...releases.map((r) => openSteps(r).length));
    return Array.from({ length: longest }, (_, n) =>
      releases.flatMap((r, j) => (n < openSteps(r).length ? [{ r, step: n + 1, via: (n + j) % 2 ? ('api' as const) : ('slack' as const) }] : [])),
    ).flat();
  };

  /** Each acknowledged change is in the database, once, with its step done. */
  async function expectStored(changes: Change[]): Promise<void> {
    for (const c of changes.filter((x) => x.ackedBy)) {
      const r = await stored(c.releaseId);
      expect(auditWith(r, c.key), `${c.via} change ${c.key} acknowledged by ${c.ackedBy}`).toHaveLength(1);
      expect(r.steps[c.step - 1]?.state).toBe('done');
    }
  }

  /**
   * SIGTERM, as a rolling deploy stops an instance; while it drains (/readyz 503, the proxy moving away) it is sent a
   * click and a pipeline call directly, both of which it must still take. Resolves once it exited cleanly.
   */
  async function stopServing(i: Instance, r: Release, [clickStep, apiStep]: [number, number]): Promise<Change[]> {
    const stopping = i.proc.terminate();
    await sleep(150);
    expect((await fetch(`${i.proc.origin}/readyz`)).status).toBe(503);
    const click = stepClick(r, clickStep, `UDRAIN${i.name}`);
    expect(await deliver(i, click)).toBe(200);
    const key = `drain-${i.name}`;
    expect((await api(i, 'POST', `/releases/${r.id}/steps/${apiStep}`, { action: 'complete' }, { 'Idempotency-Key': key })).status).toBe(200);
    expect(await stopping).toEqual({ code: 143, signal: null });
    return [
      { releaseId: r.id, step: clickStep, key: click.key, via: 'slack', ackedBy: i.name },
      { releaseId: r.id, step: apiStep, key: `api:ci:${key}`, via: 'api', ackedBy: i.name },
    ];
  }

  it('split bursts of clicks: every click recorded once, and each release\'s messages end on its latest state', { timeout: 40_000 }, async () => {
    const { A, B } = instances;
    const releases = await Promise.all([createRelease(A, 'Burst one'), createRelease(B, 'Burst two'), createRelease(A, 'Burst three'), createRelease(B, 'Burst four')]);
    const updatesBefore = fake.callsTo('chat.update').length;
    // Every step of every release at once, each by another person, alternating between the instances per click.
    const clicks = releases.flatMap((r, k) => openSteps(r).map((n) => ({ to: (n + k) % 2 ? A : B, click: stepClick(r, n, `U${k}S${n}`) })));
    const statuses = await Promise.all(clicks.map(({ to, click }) => deliver(to, click)));
    expect(statuses).toEqual(clicks.map(() => 200));

    const ids = releases.map((r) => r.id);
    await poll(async () => (await Promise.all(ids.map(stored))).every((r) => doneSteps(r).size === openSteps(r).length), 'every click stored');
    for (const { click } of clicks) expect(auditWith(await stored(click.releaseId), click.key), click.key).toHaveLength(1);
    await showsStoredState(ids);
    // Both instances drew these messages: the compare-and-set was between two writers, not one.
    const updates = fake.callsTo('chat.update').slice(updatesBefore);
    expect(new Set(updates.map((c) => c.host))).toEqual(new Set([hostOf(A), hostOf(B)]));
  });

  it('a retry delivered to the other instance is recorded once: a Slack click, and an API call under one Idempotency-Key', { timeout: 30_000 }, async () => {
    const { A, B } = instances;
    const r = await createRelease(A, 'Retried');
    const [first, second] = openSteps(r) as [number, number];

    // Slack redelivers the very same payload (same action_ts and trigger) when it thinks the first went unanswered.
    const click = stepClick(r, first, 'URETRY');
    const responses = () => fake.responses.filter((x) => x.body && String((click.payload as { response_url: string }).response_url).endsWith(x.path)).length;
    expect(await deliver(A, click)).toBe(200);
    await poll(async () => doneSteps(await stored(r.id)).has(first), 'the click stored by A');
    expect(await deliver(B, click, 1)).toBe(200);
    // B read the retry as no change and said so privately: only then is it known to have handled it.
    await poll(() => responses() === 1, 'B\'s answer to the retry');
    expect(fake.responses.at(-1)?.body.text).toMatch(/already/i);
    expect(auditWith(await stored(r.id), click.key)).toHaveLength(1);

    // A pipeline retries under the same Idempotency-Key, and the proxy sends the retry to the other instance.
    const route = `/releases/${r.id}/steps/${second}`;
    const body = { action: 'complete', evidence: { url: 'https://ci.example/runs/77', commit: 'abc1234' } };
    const headers = { 'Idempotency-Key': 'run-77-step' };
    const fromA = await api(A, 'POST', route, body, headers);
    const fromB = await api(B, 'POST', route, body, headers);
    expect(fromA).toMatchObject({ status: 200, replayed: false, json: { changed: true } });
    expect(fromB).toEqual({ ...fromA, replayed: true });
    const after = await stored(r.id);
    expect(auditWith(after, 'api:ci:run-77-step')).toHaveLength(1);
    expect(after.steps[second - 1]).toMatchObject({ state: 'done', by: { id: 'pipeline:ci' }, evidence: { commit: 'abc1234' } });
    // The same key for another request is refused on either instance.
    expect((await api(B, 'POST', route, { action: 'undo' }, headers)).status).toBe(422);
  });

  it('each reminder is sent exactly once with both instances running', { timeout: 40_000 }, async () => {
    const { A, B } = instances;
    // The minor model announces a day ahead ("-1d"), and nudges about steps due by then: planned a day and five
    // seconds out, both fall due five seconds after the release starts. Two reminders each, twelve in all.
    const releases = await Promise.all([0, 1, 2, 3, 4, 5].map((k) => createRelease(k % 2 ? B : A, `Reminded ${k}`, new Date(Date.now() + DAY + 5_000))));
    const inThread = (r: Release, what: RegExp) => fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === r.location.threadId && what.test(JSON.stringify(c.body.blocks)));
    const sent = (r: Release) => ({ announcement: inThread(r, /Send the user announcement now/), nudge: inThread(r, /Overdue steps/) });
    await poll(() => releases.every((r) => sent(r).announcement.length > 0 && sent(r).nudge.length > 0), 'every reminder', 25_000);
    // pg-boss polls every half second: give a second sender time to show up.
    await sleep(2_000);
    expect(releases.map((r) => [sent(r).announcement.length, sent(r).nudge.length])).toEqual(releases.map(() => [1, 1]));
    for (const r of releases) {
      const due = (await stored(r.id)).reminders.filter((x) => x.defId === 'announce_t1d' || (x.defId === 'step_overdue' && Date.parse(x.dueAt) < Date.now()));
      expect(due.map((x) => x.status)).toEqual(['sent', 'sent']);
    }
  });

  it('a rolling restart loses nothing: every acknowledged change is stored, every due reminder sent once', { timeout: 60_000 }, async () => {
    const { A, B } = instances;
    const releases = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((k) => createRelease(k % 2 ? B : A, `Rolling ${k}`)));
    // Reminders falling due while the instances restart, one pair every three seconds.
    const reminded = await Promise.all([0, 1, 2, 3].map((k) => createRelease(k % 2 ? B : A, `Due while restarting ${k}`, new Date(Date.now() + DAY + 2_000 + k * 3_000))));
    // Ticked on each instance itself while it shuts down, as a connection the proxy opened just before still may.
    const drained = await createRelease(A, 'Ticked while draining');
    const rotation = await new Rotation(upstreams).start();
    let restarted = false;
    const clicking = (async () => {
      const sent: Array<Promise<Change>> = [];
      for (const [k, { r, step, via }] of interleaved(releases).entries()) {
        sent.push(change(rotation, r, step, via, `UR${k}`));
        await sleep(restarted ? 10 : 200);
      }
      return Promise.all(sent);
    })();

    await sleep(400);
    const drainedA = await stopServing(A, drained, [1, 2]);
    await start('A');
    const drainedB = await stopServing(B, drained, [3, 4]);
    await start('B');
    restarted = true;
    const changes = [...(await clicking), ...drainedA, ...drainedB];
    await rotation.stop();

    // Every change got through to one instance or the other, and each acknowledged one is stored once.
    expect(changes.filter((c) => !c.ackedBy)).toEqual([]);
    await expectStored(changes);
    expect(new Set(changes.map((c) => c.ackedBy))).toEqual(new Set(['A', 'B']));
    await showsStoredState([...releases, drained].map((r) => r.id));

    const inThread = (r: Release, what: RegExp) => fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === r.location.threadId && what.test(JSON.stringify(c.body.blocks)));
    const sent = (r: Release) => [inThread(r, /Send the user announcement now/).length, inThread(r, /Overdue steps/).length];
    await poll(() => reminded.every((r) => sent(r).every((n) => n > 0)), 'the reminders due during the restart', 20_000);
    await sleep(1_500);
    expect(reminded.map(sent)).toEqual(reminded.map(() => [1, 1]));
  });

  it('kill -9 of one instance mid-burst: nothing a user was shown is lost, and the other goes on serving', { timeout: 40_000 }, async () => {
    const { A, B } = instances;
    const releases = await Promise.all([0, 1, 2, 3].map((k) => createRelease(k % 2 ? B : A, `Killed ${k}`)));
    const ids = releases.map((r) => r.id);
    const callsBefore = fake.calls.length;
    const rotation = await new Rotation(upstreams).start();
    const work = interleaved(releases);
    const sent: Array<Promise<Change>> = [];
    for (const [k, { r, step, via }] of work.entries()) {
      if (k === Math.floor(work.length / 3)) void A.proc.kill9();
      sent.push(change(rotation, r, step, via, `UK${k}`));
      await sleep(30);
    }
    const changes = await Promise.all(sent);
    await rotation.stop();
    expect((await A.proc.exited).signal).toBe('SIGKILL');
    // The burst was split: A took part of it before it died, B the rest.
    expect(new Set(changes.map((c) => c.ackedBy))).toEqual(new Set(['A', 'B']));
    await quiet(1_000);

    // Every 2xx answer of the API is stored (it answers after the commit), and so is every click B acknowledged.
    await expectStored(changes.filter((c) => c.via === 'api' || c.ackedBy === 'B'));
    // Whatever the channel was shown as done, in any message either instance sent, is done in the database, by the same person.
    const shown = new Map<string, string | undefined>();
    for (const c of fake.calls.slice(callsBefore)) {
      if (c.method !== 'chat.update' && c.method !== 'chat.postMessage') continue;
      for (const id of ids) for (const [n, s] of stepsIn((c.body.blocks ?? []) as Array<Record<string, unknown>>, id)) if (s.state === 'done') shown.set(`${id}|${n}`, s.by);
    }
    expect(shown.size).toBeGreaterThan(0);
    for (const [at, by] of shown) {
      const [id, n] = at.split('|') as [string, string];
      expect(storedSteps(await stored(id)).get(Number(n)), `${id} step ${n}, shown done by ${by}`).toEqual({ state: 'done', by });
    }
    // Not checked: a click A acknowledged but had not stored yet when it died. Slack clicks are acknowledged before
    // they are recorded (Slack wants an answer within 3 s), so such a click is lost without the person seeing it count.

    // B goes on serving: ready, and one more change on each release is stored and brings all its messages up to date.
    expect((await fetch(`${B.proc.origin}/readyz`)).status).toBe(200);
    for (const r of await Promise.all(ids.map(stored))) {
      // Whoever ticked a step may untick it: a step a person ticked in Slack, undone by them.
      const step = r.steps.findIndex((s) => s.state === 'done' && s.by?.id.startsWith('slack:')) + 1;
      expect(step).toBeGreaterThan(0);
      expect(await deliver(B, stepClick(r, step, r.steps[step - 1]!.by!.id.slice('slack:'.length), 'undo'))).toBe(200);
      await poll(async () => !doneSteps(await stored(r.id)).has(step), `${r.id} step ${step} undone through B`);
    }
    await showsStoredState(ids);
  });
});
