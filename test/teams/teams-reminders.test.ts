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

  it('a release recorded after the fact nudges its manager at once, sends nothing of ELS before the deployment, and the go-live at it', async () => {
    const post = t.channelPost(users.alice, 'release Search v3');
    const root = post['id'] as string;
    await t.post(post);
    const form = t.connector.posts().at(-1)!.id!;
    const inputs = { title: 'Search v3', backdateReason: 'recorded after the fact', urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(-80) };
    const confirm = await t.invoke(t.execute(users.alice, root, form, 'form.submit', { verb: 'form.submit' }, inputs));
    await t.invoke(t.execute(users.alice, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: 'minor' }));

    const reminders = () => t.connector.posts().filter((p) => JSON.stringify(p.body).includes('🔔'));
    const text = (p: ReturnType<typeof reminders>[number]) => cardText((p.body['attachments'] as Posted[])[0]!.content);
    // The planned time is long past: the missed-deployment nudge, for the release manager; the day-ahead announcement is moot.
    const nudge = await t.connector.waitFor(() => reminders().find((p) => text(p).includes('Not deployed yet')), 'the missed-deployment nudge');
    expect(nudge.conversationId).toBe(`${CHANNEL};messageid=${root}`);
    expect(text(nudge)).toContain('is not recorded as deployed');
    expect(reminders().map(text).join('\n')).not.toMatch(/ELS|exit review|user communication/);

    const releaseId = (await t.bot.service.listActive()).find((r) => r.title === 'Search v3')!.id;
    await t.post(t.threadReply(users.alice, root, `deploy ${releaseId}`));
    // The go-live message goes out at the deployment, with its draft and the people to mention.
    const live = await t.connector.waitFor(() => reminders().find((p) => text(p).includes('user communication')), 'the go-live announcement');
    expect(text(live)).toContain('Draft announcement');
    expect(text(live)).toContain('is now live');
    const mentioned = reminders().flatMap((p) => (p.body['attachments'] as Posted[])[0]!.content.msteams?.entities ?? []).map((e) => e.mentioned.id);
    expect(mentioned).toContain('aad-alice');
    expect(reminders().map(text).join('\n')).not.toMatch(/ELS check-in|exit review/);
  });
});
