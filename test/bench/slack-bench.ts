import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { SECRET, startHarness, startRelease } from '../slack/slack-harness.js';
import { SlackSender, messageAction } from '../helpers/slack-signing.js';

const CLICKS = Number(process.env.SLACK_BENCH_CLICKS ?? 1200);
const WARMUP = 100;
const BLOCK = 100;
const STEPS = 10;
const RELEASES = 12;

interface ClientPlan {
  real: string;
  bare: string;
  /** Clicks rotate over several releases, so no release collects an unrealistically long audit trail. */
  releases: Array<{ releaseId: string; channel: string; messageTs: string }>;
  responseUrl: string;
  clicks: number;
  paceMs: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/**
 * The clicking side runs in its own process, as Slack does: measured in the app's process, the client's own
 * reads would wait behind the app's post-ack work and the figure would not be click-to-ack any more.
 * It alternates blocks of 100 clicks between the two apps so both see the same machine noise.
 */
async function runClient(plan: ClientPlan): Promise<{ real: number[]; bare: number[] }> {
  const real = new SlackSender(plan.real, SECRET);
  const bare = new SlackSender(plan.bare, SECRET);
  // The same person toggles ten steps of each release: Done, then Undo, so every click on the real app changes it.
  const click = async (sender: SlackSender, k: number): Promise<number> => {
    if (plan.paceMs > 0) await new Promise((r) => setTimeout(r, plan.paceMs));
    const r = plan.releases[k % plan.releases.length]!;
    const round = Math.floor(k / plan.releases.length);
    const step = (round % STEPS) + 1;
    const verb = Math.floor(round / STEPS) % 2 === 0 ? 'step_done' : 'step_undo';
    const element = { type: 'button', action_id: `${verb}:${step}`, value: `${r.releaseId}|${step}`, text: { type: 'plain_text', text: 'Done' } };
    const body = messageAction({ user: 'UBENCH', channel: r.channel, messageTs: r.messageTs, block: { block_id: `step:${r.releaseId}:${step}` }, element, actionTs: sender.nextActionTs(), responseUrl: plan.responseUrl });
    const start = performance.now();
    const reply = await sender.interactive(body);
    const ms = performance.now() - start;
    if (reply.status !== 200) throw new Error(`click ${k} answered ${reply.status}`);
    return ms;
  };
  const out = { real: [] as number[], bare: [] as number[] };
  let k = 0;
  for (let i = 0; i < WARMUP; i++) {
    await click(real, k++);
    await click(bare, i);
  }
  for (let done = 0; done < plan.clicks; done += BLOCK) {
    for (let i = 0; i < BLOCK; i++) out.real.push(await click(real, k++));
    for (let i = 0; i < BLOCK; i++) out.bare.push(await click(bare, i));
  }
  return out;
}

if (process.env.SLACK_BENCH_CLIENT) {
  const result = await runClient(JSON.parse(process.env.SLACK_BENCH_CLIENT) as ClientPlan);
  process.stdout.write(JSON.stringify(result));
}

function clientProcess(plan: ClientPlan): Promise<{ real: number[]; bare: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, SLACK_BENCH_CLIENT: JSON.stringify(plan) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { real: number[]; bare: number[] }) : reject(new Error(`bench client exited ${code}`))));
  });
}

/** The baseline: a bare Bolt app on its own express server that acknowledges every action and does nothing else. */
async function startBareBolt(apiUrl: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = express();
  const receiver = new ExpressReceiver({ signingSecret: SECRET, endpoints: '/slack/events', processBeforeResponse: false, app: server, logLevel: LogLevel.ERROR });
  const app = new App({ token: 'xoxb-test', receiver, clientOptions: { slackApiUrl: apiUrl }, logLevel: LogLevel.ERROR, deferInitialization: true });
  await app.init();
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const httpServer = http.createServer(server);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/slack/events`,
    stop: () => new Promise((resolve) => { httpServer.closeAllConnections(); httpServer.close(() => resolve()); }),
  };
}

/**
 * Issue 3: click-to-ack latency of the real app (signature check, parsing, ack; the recording and the message
 * updates run behind it) against a bare Bolt app that only acks, measured in the same run. Both servers share this
 * process; the clicks come from a separate process. Two runs: clicks paced 25 ms apart (a burst of 40 clicks a
 * second on one checklist), and back to back (saturation, for information). Target: p99 ratio at most 1.2.
 */
export default async function slackBench(): Promise<void> {
  const h = await startHarness({ LOG_LEVEL: 'warn', REMINDER_TICK_SECONDS: '1' });
  const bare = await startBareBolt(h.fake.url);
  try {
    const releases = [];
    for (let i = 0; i < RELEASES; i++) {
      const { releaseId, thread } = await startRelease(h, { user: 'UBENCH', title: `Bench ${i + 1}`, deployAt: Math.floor(Date.now() / 1000) + 86_400 * 3 });
      releases.push({ releaseId, channel: thread[0]!.channel, messageTs: thread[0]!.ts });
    }
    // From here on the fake only counts calls: parsing them in this process would be charged to the app.
    h.fake.recording = false;
    const updates = () => h.fake.counts.get('chat.update') ?? 0;
    const base = { real: h.slack.endpoint, bare: bare.endpoint, releases, responseUrl: h.fake.responseUrl('bench'), clicks: CLICKS };
    const row = (name: string, xs: number[]) => `  ${name.padEnd(26)} p50 ${quantile(xs, 0.5).toFixed(2).padStart(6)} ms   p99 ${quantile(xs, 0.99).toFixed(2).padStart(7)} ms`;
    for (const [label, paceMs] of [['paced, 25 ms apart', 25], ['back to back', 0]] as const) {
      const updatesBefore = updates();
      const s = await clientProcess({ ...base, paceMs });
      console.log(`${CLICKS} signed button clicks per app, ${label}:`);
      console.log(row('bare Bolt (ack only)', s.bare));
      console.log(row('Release Bot', s.real));
      const p50 = quantile(s.real, 0.5) / quantile(s.bare, 0.5);
      const p99 = quantile(s.real, 0.99) / quantile(s.bare, 0.99);
      console.log(`  ratio p50 ${p50.toFixed(2)}   ratio p99 ${p99.toFixed(2)}   (target p99 <= 1.2: ${p99 <= 1.2 ? 'met' : 'NOT met'})`);
      console.log(`  chat.update calls behind them: ${updates() - updatesBefore} (${RELEASES} releases of ${STEPS} toggled steps)`);
    }
  } finally {
    await bare.stop();
    await h.stop();
  }
}
