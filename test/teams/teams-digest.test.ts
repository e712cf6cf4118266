import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsBotUnderTest, users, button, cardText, deployInputs, TENANT, BOT } from './teams-harness.js';

/*
 * The daily digest in Teams: the bot creates (or finds) its personal chat with each person through the Bot Connector
 * and posts their steps there as a card. DIGEST_AT 00:00 has always passed, so the first tick after a release with
 * overdue steps starts brings its release manager's digest.
 */
describe('Teams: the daily digest in a personal chat', () => {
  const t = new TeamsBotUnderTest();
  beforeAll(async () => {
    await t.start({ DIGEST_AT: '00:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('creates the personal chat with the release manager and posts her overdue steps there, escaped, once', async () => {
    const post = t.channelPost(users.alice, 'release Search v3');
    const root = post['id'] as string;
    await t.post(post);
    const form = t.connector.posts().at(-1)!.id!;
    const inputs = { title: 'Search **v3** <at>all</at>', urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(2) };
    const confirm = await t.invoke(t.execute(users.alice, root, form, 'form.submit', { verb: 'form.submit' }, inputs));
    await t.invoke(t.execute(users.alice, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: 'minor' }));

    const created = await t.connector.waitFor(() => t.connector.calls.find((c) => c.path.replace(/\?.*$/, '').replace(/\/$/, '') === '/v3/conversations'), 'the personal chat created');
    expect(created.body).toMatchObject({ bot: { id: BOT.id }, members: [{ id: 'aad-alice' }], isGroup: false, tenantId: TENANT });
    const digest = await t.connector.waitFor(() => t.connector.posts().find((p) => p.conversationId === 'a:personal-aad-alice'), 'the digest in alice’s personal chat');
    const card = (digest.body['attachments'] as Array<{ content: unknown }>)[0]!.content;
    const text = cardText(card);
    expect(text).toMatch(/Your release steps: \d+ overdue/);
    expect(text).toContain('Search \\*\\*v3\\*\\* \\<\u2060at\\>all\\<\u2060/at\\>');
    expect(text).toContain('⚠ overdue since');
    expect(text).toContain('Type **digest off** to stop it.');
    await new Promise((r) => setTimeout(r, 400));
    expect(t.connector.posts().filter((p) => p.conversationId === 'a:personal-aad-alice')).toHaveLength(1);
  });

  it('answers "digest off" typed in the personal chat', async () => {
    const off = await t.post({ ...t.base(users.alice, 'a:personal-aad-alice', 'message'), conversation: { id: 'a:personal-aad-alice', conversationType: 'personal', tenantId: TENANT }, text: 'digest off' });
    expect(off.status).toBeLessThan(300);
    await t.connector.waitFor(() => t.connector.posts().find((p) => p.conversationId === 'a:personal-aad-alice' && JSON.stringify(p.body).includes('Your daily digest is off')), 'the answer to digest off');
  });
});
