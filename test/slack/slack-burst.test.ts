import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { click, messageWithStep, startHarness, startRelease, threadMessages, waitUntil, type Harness } from './slack-harness.js';
import { chunkChecklist } from '../../adapters/slack/render/checklist-chunks.js';
import { renderPhaseMessage } from '../../adapters/slack/render/phase-message.js';
import { renderSummaryMessage } from '../../adapters/slack/render/summary-message.js';
import { recordedProblems } from './assert-block-kit.js';
import type { Release } from '../../src/domain/release-schema.js';

const now = () => Math.floor(Date.now() / 1000);
const long = (i: number) => `Step ${i}: ${'verify the rollback path, the runbook and the dashboards for every region '.repeat(3)}`.slice(0, 200);

/** A models folder with one 40-step model (long titles, two long phases) and the two required questions. */
async function bigModels(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'slack-models-'));
  const steps = Array.from({ length: 40 }, (_, i) => ({
    id: `s${i + 1}`, title: long(i + 1), phase: i < 26 ? 'test' : 'deployment', owner: 'ops', due: '-1h', skippable: true,
    help: 'x'.repeat(500),
  }));
  await writeFile(path.join(dir, 'big.yaml'), stringify({ id: 'big', name: 'Big', description: 'Forty steps.', risk: 'high', deploymentStep: 's30', steps, reminders: [] }));
  await writeFile(path.join(dir, 'questions.yaml'), stringify({
    questions: [
      { id: 'title', type: 'text', label: 'What?', maxLength: 150 },
      { id: 'deployAt', type: 'datetime', label: 'When?' },
      { id: 'backdateReason', type: 'text', label: 'Why in the past?', required: false },
    ],
    rules: [],
    fallback: 'big',
  }));
  return dir;
}

function matchesStore(h: Harness, release: Release): boolean {
  const view = h.bot.service.view(release);
  const same = (ts: string | undefined, blocks: unknown) => JSON.stringify(h.fake.messages.get(ts ?? '')?.blocks) === JSON.stringify(blocks);
  return same(release.location.messageIds.summary, renderSummaryMessage(view, 'UTC').blocks)
    && chunkChecklist(view).every((c) => same(release.location.messageIds[c.key], renderPhaseMessage(view, c, 'UTC').blocks));
}

describe('Slack under a burst of clicks', () => {
  let h: Harness;
  let modelsDir: string;
  beforeAll(async () => {
    modelsDir = await bigModels();
    h = await startHarness({ MODELS_DIR: modelsDir });
  });
  afterAll(async () => {
    await h?.stop();
    await rm(modelsDir, { recursive: true, force: true });
  });

  it('loses nothing from 50 concurrent clicks, coalesces the updates and ends with the stored state', async () => {
    const { thread, releaseId } = await startRelease(h, { user: 'UALICE', title: 'Forty steps', deployAt: now() + 86_400, answers: {} });
    expect(thread).toHaveLength(3); // "test" has 26 steps: two messages; "deployment" one.
    const updatesBefore = h.fake.callsTo('chat.update').length;
    // 40 different people finish the 40 steps (the release manager records the deployment, step 30), and 10 more
    // click a step that is already done.
    const who = (n: number) => (n === 30 ? 'UALICE' : `UP${n}`);
    const clicks = [
      ...Array.from({ length: 40 }, (_, i) => ({ step: i + 1, user: who(i + 1) })),
      ...Array.from({ length: 10 }, (_, i) => ({ step: i + 1, user: `UQ${i + 1}` })),
    ];
    const replies = await Promise.all(clicks.map((c) => click(h, messageWithStep(h, thread, c.step), `step_done:${c.step}`, c.user)));
    expect(replies.map((r) => r.reply.status)).toEqual(clicks.map(() => 200));

    await waitUntil(async () => (await h.bot.service.get(releaseId)).steps.every((s) => s.state === 'done'), 'all 40 steps stored as done');
    const release = await h.bot.service.get(releaseId);
    release.steps.forEach((s, i) => expect(s.by?.id).toBe(`slack:${who(i + 1)}`));
    await waitUntil(async () => matchesStore(h, await h.bot.service.get(releaseId)), 'messages that match the store');
    expect(h.fake.messages.get(release.location.messageIds.summary!)?.text).toContain('40/40');

    // 50 changes, 4 messages: without coalescing that would be about 100 chat.update calls.
    const updates = h.fake.callsTo('chat.update').length - updatesBefore;
    expect(updates).toBeLessThan(clicks.length);
    expect(recordedProblems(h.fake.calls)).toEqual([]);
  });

  it('waits out a 429 with Retry-After, is not stuck afterwards, and still ends with the stored state', async () => {
    const { thread, releaseId } = await startRelease(h, { user: 'UALICE', title: 'Rate limited', deployAt: now() + 86_400, answers: {} });
    h.fake.failNext('chat.update', { status: 429, retryAfter: 1 }, 2);
    const started = Date.now();
    await Promise.all([1, 2, 3, 27, 28].map((n) => click(h, messageWithStep(h, thread, n), `step_done:${n}`, `UR${n}`)));
    await waitUntil(async () => (await h.bot.service.get(releaseId)).steps.filter((s) => s.state === 'done').length === 5, 'five steps stored');
    await waitUntil(async () => matchesStore(h, await h.bot.service.get(releaseId)), 'messages that match the store after the 429s', 20_000);
    expect(h.fake.callsTo('chat.update', { includeFailed: true }).filter((c) => c.failed)).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    // Not stuck: a later click goes straight through.
    await click(h, messageWithStep(h, thread, 4), 'step_done:4', 'UR4');
    await waitUntil(async () => {
      const r = await h.bot.service.get(releaseId);
      return r.steps[3]?.state === 'done' && matchesStore(h, r);
    }, 'the next click shown');
    expect(threadMessages(h, await h.bot.service.get(releaseId))).toHaveLength(3);
  });

  it('keeps opening modals while message updates wait out a rate limit', async () => {
    const { thread, releaseId } = await startRelease(h, { user: 'UALICE', title: 'Busy', deployAt: now() + 86_400, answers: {} });
    h.fake.failNext('chat.update', { status: 429, retryAfter: 3 });
    const base = h.fake.calls.length;
    const isLimited = (c: { method: string; failed: boolean }, i: number) => i >= base && c.method === 'chat.update' && c.failed;
    await click(h, messageWithStep(h, thread, 1), 'step_done:1', 'UR1');
    await h.fake.waitFor(() => h.fake.calls.some(isLimited), 'the rate-limited update');
    const limited = h.fake.calls.findIndex(isLimited);
    await h.slack.command({ text: 'new During the limit', user: 'UALICE', responseUrl: h.fake.responseUrl() });
    await h.fake.waitFor(() => h.fake.calls.findLastIndex((c) => c.method === 'views.open') > limited, 'the modal');
    const opened = h.fake.calls.findLastIndex((c) => c.method === 'views.open');
    await waitUntil(async () => matchesStore(h, await h.bot.service.get(releaseId)), 'the update after Retry-After', 20_000);
    // The modal opened while the rate-limited update was still waiting out its 3 s: it was not held back by it.
    const ts = h.fake.calls[limited]?.body.ts;
    const retried = h.fake.calls.findIndex((c, i) => i > limited && c.method === 'chat.update' && !c.failed && c.body.ts === ts);
    expect(retried).toBeGreaterThan(opened);
    expect(h.fake.calls[opened]!.at - h.fake.calls[limited]!.at).toBeLessThan(2000);
  });
});
