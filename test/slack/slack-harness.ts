import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot, type RunningBot } from '../../adapters/start-bot.js';
import type { Release } from '../../src/domain/release-schema.js';
import { createLogger } from '../../src/logging/logger.js';
import { FakeSlackApi, type FakeMessage } from '../helpers/fake-slack-api.js';
import { SlackSender, findElement, messageAction, viewSubmission } from '../helpers/slack-signing.js';

export const SECRET = 'test-signing-secret-0123456789';
export const CHANNEL = 'C0RELEASE';

export interface Harness {
  fake: FakeSlackApi;
  bot: RunningBot;
  slack: SlackSender;
  logs: string[];
  dataDir: string;
  stop(): Promise<void>;
}

/** The real app in-process (startBot) over real HTTP, against the fake Slack Web API. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const fake = await new FakeSlackApi().start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'slack-e2e-'));
  const logs: string[] = [];
  const bot = await startBot(
    {
      NODE_ENV: 'test',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      PORT: '0',
      DATA_DIR: dataDir,
      MODELS_DIR: path.resolve(import.meta.dirname, '../../models'),
      TZ: 'UTC',
      REMINDER_TICK_SECONDS: '0.1',
      // Digests go out at a wall-clock hour; tests that want them set it.
      DIGEST_AT: 'off',
      LOG_LEVEL: 'info',
      ...env,
    },
    { logger: createLogger('info', (line) => logs.push(line)) },
  );
  const slack = new SlackSender(`http://127.0.0.1:${bot.port}/slack/events`, SECRET);
  return {
    fake, bot, slack, logs, dataDir,
    async stop() {
      await bot.stop();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

type Json = Record<string, unknown>;

/** The harness is shared with the benchmark, which runs outside vitest, so it checks without `expect`. */
function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`expected: ${what}`);
}

/** Slack's view state for the given answers, built from the inputs of the modal the app opened. */
export function stateFor(view: Json, answers: Record<string, string | number | boolean | undefined>): Record<string, Record<string, Json>> {
  const values: Record<string, Record<string, Json>> = {};
  for (const block of view.blocks as Json[]) {
    if (block.type !== 'input') continue;
    const el = block.element as Json & { options?: Array<{ value: string }> };
    const id = String(block.block_id).replace(/^q:/, '');
    const a = answers[id];
    let v: Json;
    switch (el.type) {
      case 'plain_text_input':
      case 'number_input': v = { type: el.type, value: a === undefined ? null : String(a) }; break;
      case 'datetimepicker': v = { type: el.type, selected_date_time: a === undefined ? null : Number(a) }; break;
      case 'checkboxes': v = { type: el.type, selected_options: a === true ? el.options : [] }; break;
      case 'users_select': v = { type: el.type, selected_user: a ?? null }; break;
      case 'multi_users_select': v = { type: el.type, selected_users: a === undefined ? [] : String(a).split(',') }; break;
      default: v = { type: el.type, selected_option: el.options?.find((o) => o.value === a) ?? null };
    }
    values[String(block.block_id)] = { [String(el.action_id)]: v };
  }
  return values;
}

export const MINOR_ANSWERS = { urgency: 'planned', kind: 'application', userFacing: true, impact: 'medium', risk: 'medium', rollback: 'easy' };

/** Runs /release through both modal steps and waits for the thread; returns the posted messages. */
export async function startRelease(h: Harness, opts: { user: string; title: string; deployAt: number; answers?: Json; channel?: string }): Promise<{ summary: FakeMessage; thread: FakeMessage[]; releaseId: string }> {
  const channel = opts.channel ?? CHANNEL;
  const opened = h.fake.callsTo('views.open').length;
  must((await h.slack.command({ text: `new ${opts.title}`, user: opts.user, channel, responseUrl: h.fake.responseUrl() })).status === 200, '/release answered 200');
  const call = await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened], 'the question modal');
  const view = call.body.view as Json;
  const values = stateFor(view, { title: opts.title, deployAt: opts.deployAt, ...(opts.answers ?? MINOR_ANSWERS) });
  const viewId = `VSTART${opened}${opts.user}`;
  const step1 = await h.slack.interactive(viewSubmission({ user: opts.user, view, viewId, values }));
  must(step1.status === 200 && step1.json?.response_action === 'update', `step 1 moved on to the model step (${step1.text})`);
  const modelView = step1.json?.view as Json;
  const before = h.fake.posted(channel).length;
  const step2 = await h.slack.interactive(viewSubmission({ user: opts.user, view: modelView, viewId, values: stateFor(modelView, {}) }));
  must(step2.status === 200, 'step 2 answered 200');
  const posted = await h.fake.waitFor(() => {
    const mine = h.fake.posted(channel).slice(before);
    const summary = mine.find((m) => !m.thread_ts);
    const thread = summary ? mine.filter((m) => m.thread_ts === summary.ts) : [];
    const releaseId = summary ? /^(R-\d+)/.exec(summary.text ?? '')?.[1] : undefined;
    return summary && releaseId && thread.length > 0 ? { summary, thread, releaseId } : undefined;
  }, 'the release summary and thread');
  // The thread's ts are stored after every phase message is posted; wait for that so later clicks find all of them.
  await waitUntil(async () => Object.keys((await h.bot.service.get(posted.releaseId)).location.messageIds).length > 1, 'stored message ids');
  return { ...posted, thread: threadMessages(h, await h.bot.service.get(posted.releaseId)) };
}

/** The checklist messages of a release (not reminders or notes in the same thread), in posting order. */
export function threadMessages(h: Harness, release: Release): FakeMessage[] {
  return Object.entries(release.location.messageIds)
    .filter(([key]) => key !== 'summary')
    .map(([, ts]) => h.fake.messages.get(ts))
    .filter((m): m is FakeMessage => m !== undefined);
}

export async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Clicks an element (by action_id) in a message as it currently stands in the fake Slack. */
export async function click(h: Harness, msg: FakeMessage, actionId: string, user: string, opts: { option?: string; actionTs?: string; retryNum?: number } = {}) {
  // Messages are updated after the store, asynchronously: wait for the button as a person would.
  let current = h.fake.messages.get(msg.ts) ?? msg;
  await waitUntil(async () => {
    current = h.fake.messages.get(msg.ts) ?? msg;
    return findElement(current.blocks as never, actionId) !== undefined;
  }, `${actionId} in message ${msg.ts}`, 5_000).catch(() => undefined);
  const found = findElement(current.blocks as never, actionId);
  if (!found) throw new Error(`no ${actionId} in message ${msg.ts}`);
  const payload = messageAction({
    user, channel: current.channel, messageTs: current.ts, ...(current.thread_ts ? { threadTs: current.thread_ts } : {}),
    block: found.block, element: found.element, actionTs: opts.actionTs ?? h.slack.nextActionTs(), ...(opts.option ? { option: opts.option } : {}),
    responseUrl: h.fake.responseUrl('click'),
  });
  const reply = await h.slack.interactive(payload, opts.retryNum !== undefined ? { retryNum: opts.retryNum } : {});
  return { reply, payload };
}

/** The thread message that holds a step's buttons. */
export function messageWithStep(h: Harness, thread: FakeMessage[], step: number): FakeMessage {
  const m = thread.map((t) => h.fake.messages.get(t.ts) ?? t).find((t) => JSON.stringify(t.blocks).includes(`"step:`) && (t.blocks as Json[]).some((b) => String(b.block_id ?? '').endsWith(`:${step}`) && String(b.block_id).startsWith('step:')));
  if (!m) throw new Error(`no thread message shows step ${step}`);
  return m;
}
