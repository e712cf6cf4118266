import { createToken, parseScope } from '../../src/index.js';
import { messageAction } from '../helpers/slack-signing.js';
import { messageWithStep, startHarness, startRelease, threadMessages } from '../slack/slack-harness.js';

const ROUNDS = Number(process.env.API_BENCH_ROUNDS ?? 8);
const PER_BLOCK = 40;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/**
 * A pipeline's step action (POST …/steps/{n}, answered once the change is stored) against a chat click on the same
 * kind of step (the signed Slack request, answered by the ack), on one bot in one process, in alternating blocks so
 * both see the same machine. Each side toggles its own step done and undone. The ratio is API over click.
 */
export default async function apiBench(): Promise<void> {
  const h = await startHarness({ LOG_LEVEL: 'warn' });
  try {
    h.fake.recording = true;
    const token = await createToken(h.dataDir, 'bench-ci', { now: new Date(), scope: parseScope('slack:T0TEST') });
    const { releaseId } = await startRelease(h, { user: 'UALICE', title: 'Bench', deployAt: Math.floor(Date.now() / 1000) + 7 * 86_400 });
    const release = await h.bot.service.get(releaseId);
    const thread = threadMessages(h, release);
    const apiUrl = `http://127.0.0.1:${h.bot.port}/api/v1/releases/${releaseId}/steps/2`;
    let apiDone = false;
    let clickDone = false;
    const api: number[] = [];
    const clicks: number[] = [];

    async function apiOnce(): Promise<void> {
      const start = performance.now();
      const res = await fetch(apiUrl, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ action: apiDone ? 'undo' : 'complete' }) });
      await res.text();
      if (res.status !== 200) throw new Error(`API answered ${res.status}`);
      api.push(performance.now() - start);
      apiDone = !apiDone;
    }

    async function clickOnce(): Promise<void> {
      const msg = h.fake.messages.get(messageWithStep(h, thread, 1).ts)!;
      // The button as drawn (its message updates in the background, so it is built rather than waited for).
      const element = { type: 'button', action_id: `${clickDone ? 'step_undo' : 'step_done'}:1`, value: `${releaseId}|1`, text: { type: 'plain_text', text: 'Done' } };
      const target = { block: { type: 'actions', block_id: `step:${releaseId}:1`, elements: [element] }, element };
      const payload = messageAction({ user: 'UALICE', channel: msg.channel, messageTs: msg.ts, ...(msg.thread_ts ? { threadTs: msg.thread_ts } : {}), block: target.block, element: target.element, actionTs: h.slack.nextActionTs() });
      const start = performance.now();
      const reply = await h.slack.interactive(payload);
      if (reply.status !== 200) throw new Error(`Slack click answered ${reply.status}`);
      clicks.push(performance.now() - start);
      clickDone = !clickDone;
      // Let the app's after-ack work (store, chat.update) finish before the next block measures the other side.
      await new Promise((r) => setTimeout(r, 15));
    }

    for (let i = 0; i < 10; i++) {
      await apiOnce();
      await clickOnce();
    }
    api.length = 0;
    clicks.length = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < PER_BLOCK; i++) await apiOnce();
      for (let i = 0; i < PER_BLOCK; i++) await clickOnce();
    }
    const row = (name: string, xs: number[]) => `${name.padEnd(22)} n=${xs.length}  p50 ${quantile(xs, 0.5).toFixed(2)} ms  p95 ${quantile(xs, 0.95).toFixed(2)} ms`;
    console.log(row('API step action', api));
    console.log(row('Slack click (ack)', clicks));
    console.log(`ratio API / click: p50 ${(quantile(api, 0.5) / quantile(clicks, 0.5)).toFixed(2)}, p95 ${(quantile(api, 0.95) / quantile(clicks, 0.95)).toFixed(2)}`);
    console.log('The API answers after the change is stored; the click is answered by its ack, with the store write after it.');
  } finally {
    await h.stop();
  }
}
