import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, parseScope } from '../../src/index.js';
import { TeamsBotUnderTest, users, button, cardText, deployInputs, CHANNEL, TENANT } from '../teams/teams-harness.js';
import { STANDARD } from './api-harness.js';

/*
 * A pipeline posts a release into a Teams channel the bot knows (one where a release was started from Teams): the
 * summary becomes the root of a new reply chain and the checklist follows in it; API steps redraw the cards.
 */
describe('pipeline API with Teams', () => {
  const t = new TeamsBotUnderTest();
  let token: string;
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${t.bot.port}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await t.start();
    token = await createToken(t.dataDir, 'azure-devops', { now: new Date(), scope: parseScope(`teams:${TENANT}`) });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses a conversation the bot does not know, then posts into a known channel as a new reply chain', async () => {
    const body = { title: 'Billing v5', answers: { ...STANDARD, deployAt: 'in 3h' }, where: { teams: { conversationId: CHANNEL } } };
    expect((await call('POST', '/releases', body)).status).toBe(422);

    // Someone starts a release from Teams in the channel: now the bot knows how to reach it.
    const post = t.channelPost(users.alice, 'release Search v3');
    const root = post['id'] as string;
    await t.post(post);
    const form = t.connector.posts().at(-1)!.id!;
    const inputs = { title: 'Search v3', urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(30) };
    const confirm = await t.invoke(t.execute(users.alice, root, form, 'form.submit', { verb: 'form.submit' }, inputs));
    await t.invoke(t.execute(users.alice, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: 'minor' }));
    await t.settled();

    const before = t.connector.posts().length;
    const created = await call('POST', '/releases', body);
    expect(created.status).toBe(201);
    const id = String(created.json.id);
    await t.settled();
    const posts = t.connector.posts().slice(before);
    const summary = posts[0]!;
    expect(summary.conversationId).toBe(CHANNEL);
    expect(cardText((summary.body['attachments'] as Array<{ content: unknown }>)[0]!.content)).toContain(`${id}: Billing v5`);
    expect(posts.slice(1).every((p) => p.conversationId === `${CHANNEL};messageid=${summary.id}`)).toBe(true);
    expect(posts.length).toBeGreaterThan(1);
    expect((await t.bot.service.get(id)).location).toMatchObject({ surface: 'teams', workspaceId: TENANT, channelId: CHANNEL, threadId: summary.id });

    const done = await call('POST', `/releases/${id}/steps/ci_green`, { action: 'complete', evidence: { url: 'https://dev.azure.com/run/5' } });
    expect(done.status).toBe(200);
    await t.settled();
    const shown = [...t.connector.messages.values()].filter((m) => m.conversationId === `${CHANNEL};messageid=${summary.id}`).map((m) => JSON.stringify(m.body)).join('');
    expect(shown).toContain('done by pipeline azure-devops');
    expect(shown).toContain('[evidence](https://dev.azure.com/run/5)');
  });
});
