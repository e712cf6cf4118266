import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsBotUnderTest, users, button, cardText, deployInputs, CHANNEL } from './teams-harness.js';

type Posted = { content: { msteams?: { entities?: Array<{ mentioned: { id: string } }> } } };

describe('Teams reminders in the release thread', () => {
  const t = new TeamsBotUnderTest();
  beforeAll(async () => {
    await t.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a release recorded after the fact gets every missed reminder at once, marked overdue: drafts, exit criteria, mentions', async () => {
    const post = t.channelPost(users.alice, 'release Search v3');
    const root = post['id'] as string;
    await t.post(post);
    const form = t.connector.posts().at(-1)!.id!;
    const inputs = { title: 'Search v3', backdateReason: 'recorded after the fact', urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(-80) };
    const confirm = await t.invoke(t.execute(users.alice, root, form, 'form.submit', { verb: 'form.submit' }, inputs));
    await t.invoke(t.execute(users.alice, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: 'minor' }));

    const reminders = await t.connector.waitFor(() => {
      const found = t.connector.posts().filter((p) => JSON.stringify(p.body).includes('🔔'));
      return found.some((p) => cardText((p.body['attachments'] as Posted[])[0]!.content).includes('exit review')) && found;
    }, 'the ELS exit review');
    const texts = reminders.map((p) => cardText((p.body['attachments'] as Posted[])[0]!.content));
    for (const r of reminders) expect(r.conversationId).toBe(`${CHANNEL};messageid=${root}`);

    const communication = texts.find((x) => x.includes('user communication'))!;
    expect(communication).toContain('Draft announcement');
    expect(communication).toContain('Already past due when the release was created');
    const exit = texts.find((x) => x.includes('exit review'))!;
    expect(exit).toContain('Exit criteria');
    expect(exit).toContain('No open P1 or P2 incident caused by the release');
    const mentioned = reminders.flatMap((p) => (p.body['attachments'] as Posted[])[0]!.content.msteams?.entities ?? []).map((e) => e.mentioned.id);
    expect(mentioned).toContain('aad-alice');
  });
});
