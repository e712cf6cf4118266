import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINOR_ANSWERS, click, messageWithStep, startHarness, startRelease, type Harness } from '../slack/slack-harness.js';
import { TeamsBotUnderTest, button, deployInputs, users } from '../teams/teams-harness.js';
import { valueOf } from './prom-text.js';

const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const count = (text: string, surface: string) => valueOf(text, 'releasebot_click_ack_duration_seconds_count', { surface });
const bucket = (text: string, surface: string, le: string) => valueOf(text, 'releasebot_click_ack_duration_seconds_bucket', { surface, le });

describe('click-to-ack on Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('times every button click to its ack, and nothing else (commands and modal submissions are not clicks)', async () => {
    const { thread } = await startRelease(h, { user: 'UALICE', title: 'Metrics', deployAt: Math.floor(Date.now() / 1000) + 7200, answers: MINOR_ANSWERS });
    expect(count(await scrape(h.bot.port), 'slack')).toBeUndefined();
    const m1 = messageWithStep(h, thread, 1);
    expect((await click(h, m1, 'step_done:1', 'UBOB')).reply.status).toBe(200);
    expect((await click(h, m1, 'step_undo:1', 'UCAROL')).reply.status).toBe(200);
    const text = await scrape(h.bot.port);
    expect(count(text, 'slack')).toBe(2);
    expect(bucket(text, 'slack', '+Inf')).toBe(2);
    expect(bucket(text, 'slack', '3')).toBe(2);
  });
});

describe('click-to-ack on Teams', () => {
  const t = new TeamsBotUnderTest();
  beforeAll(async () => {
    await t.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('times every Universal Action invoke to its invoke response', async () => {
    const post = t.channelPost(users.alice, 'release Metrics');
    const root = post['id'] as string;
    await t.post(post);
    expect(count(await scrape(t.bot.port), 'teams')).toBeUndefined();
    const form = t.connector.posts().at(-1)!.id!;
    const answers = { urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(48) };
    const confirm = await t.invoke(t.execute(users.alice, root, form, 'form.submit', { verb: 'form.submit' }, { title: 'Metrics', ...answers }));
    await t.invoke(t.execute(users.alice, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: 'minor' }));
    await t.settled();
    const text = await scrape(t.bot.port);
    expect(count(text, 'teams')).toBe(2);
    expect(valueOf(text, 'releasebot_actions_total', { surface: 'teams', kind: 'create', outcome: 'done' })).toBe(1);
  });
});
