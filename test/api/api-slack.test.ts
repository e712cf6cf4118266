import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, parseScope } from '../../src/index.js';
import { CHANNEL, startHarness, startRelease, waitUntil, threadMessages, type Harness } from '../slack/slack-harness.js';
import { STANDARD } from './api-harness.js';

/*
 * A pipeline drives a release that lives in Slack: the real HTTP server with real tokens, the fake Slack Web API.
 * The release the API starts is posted in its channel as a chat-started one would be, and every API action shows
 * in the thread at once.
 */
describe('pipeline API with Slack', () => {
  let h: Harness;
  let ci: string;
  let scoped: string;
  const call = async (method: string, route: string, token: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${h.bot.port}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    h = await startHarness();
    h.fake.channels.set('C0OTHER', { name: 'elsewhere', botIsMember: false });
    ci = await createToken(h.dataDir, 'github-ci', { now: new Date() });
    scoped = await createToken(h.dataDir, 'ws-ci', { now: new Date(), scope: parseScope('slack:T0TEST') });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses a channel Slack does not know, or one the bot is not in, and creates nothing', async () => {
    const body = (channel: string) => ({ title: 'Docs fix', answers: { ...STANDARD, deployAt: 'in 2h' }, where: { slack: { channel } } });
    const unknown = await call('POST', '/releases', ci, body('C0NOWHERE'));
    expect(unknown).toMatchObject({ status: 422, json: { errors: [{ field: 'where.slack.channel', message: 'Slack knows no channel C0NOWHERE in this workspace.' }] } });
    const outside = await call('POST', '/releases', ci, body('C0OTHER'));
    expect(outside.json.detail).toBe('The bot is not in the Slack channel C0OTHER (#elsewhere): invite it there first.');
    expect(await h.bot.service.listActive()).toEqual([]);
  });

  it('posts an API-started release in its channel, and shows each API step with the pipeline and its evidence', async () => {
    const created = await call('POST', '/releases', ci, { title: 'Search <!channel> v3', answers: { ...STANDARD, deployAt: 'in 2h' }, where: { slack: { channel: CHANNEL } } });
    expect(created.status).toBe(201);
    const id = String(created.json.id);
    const summary = await h.fake.waitFor(() => h.fake.posted(CHANNEL).find((m) => !m.thread_ts && m.text?.startsWith(id)), 'the summary in the channel');
    expect(summary.text).toContain('Search &lt;!channel&gt; v3');
    await waitUntil(async () => Object.keys((await h.bot.service.get(id)).location.messageIds).length > 1, 'the thread posted');
    const done = await call('POST', `/releases/${id}/steps/ci_green`, ci, { action: 'complete', evidence: { url: 'https://ci.example/runs/42?x=1&y=2', commit: 'deadbeef' } });
    expect(done.status).toBe(200);
    const release = await h.bot.service.get(id);
    await h.fake.waitFor(() => threadMessages(h, release).map((m) => JSON.stringify(h.fake.messages.get(m.ts)?.blocks ?? [])).find((b) => b.includes('done by pipeline github-ci')), 'the step done by the pipeline in the thread');
    const blocks = threadMessages(h, release).map((m) => JSON.stringify(h.fake.messages.get(m.ts)?.blocks)).join('');
    expect(blocks).toContain('<https://ci.example/runs/42?x=1&amp;y=2|evidence> `deadbeef`');
    // The deployment, reported by the pipeline, is announced in the thread like a chat one.
    expect((await call('POST', `/releases/${id}/deployments`, ci, { status: 'succeeded', environment: 'production' })).status).toBe(200);
    await h.fake.waitFor(() => h.fake.posted(CHANNEL).find((m) => m.thread_ts === summary.ts && /done by pipeline github-ci\. R-\d+ is now deployed\./.test(m.text ?? '')), 'the deployment line');
  });

  it('keeps a scoped token in its workspace when it names a place', async () => {
    const elsewhere = await createToken(h.dataDir, 'other-ws', { now: new Date(), scope: parseScope('slack:T0OTHER') });
    await new Promise((r) => setTimeout(r, 1100));
    const refused = await call('POST', '/releases', elsewhere, { title: 'Sneaky', answers: { ...STANDARD, deployAt: 'in 2h' }, where: { slack: { channel: CHANNEL } } });
    expect(refused).toMatchObject({ status: 403, json: { detail: 'This token is scoped to slack:T0OTHER; it cannot post a release in another workspace.' } });
    expect((await call('POST', '/releases', scoped, { title: 'Allowed', answers: { ...STANDARD, deployAt: 'in 2h' }, where: { slack: { channel: CHANNEL } } })).status).toBe(201);
  });

  it('reaches a chat-started release only with a token scoped to its workspace', async () => {
    const { releaseId } = await startRelease(h, { user: 'UALICE', title: 'Pricing v4', deployAt: Math.floor(Date.now() / 1000) + 86_400 });
    expect((await call('GET', `/releases/${releaseId}`, ci)).status).toBe(404);
    expect((await call('GET', `/releases/${releaseId}`, scoped)).json).toMatchObject({ id: releaseId, releaseManager: { kind: 'person', id: 'slack:UALICE' } });
    // Ticking a step needs no role, so the scoped pipeline records CI on a person's release, as the pipeline.
    const deploy = await call('POST', `/releases/${releaseId}/steps/ci_green`, scoped, { action: 'complete', evidence: { url: 'https://ci.example/7' } });
    expect(deploy.json).toMatchObject({ changed: true, step: { by: { kind: 'pipeline', id: 'ws-ci' } } });
  });
});
