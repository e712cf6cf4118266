import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsBotUnderTest, users, actionsOf, button, cardText, deployInputs, CHANNEL, type TeamsUser } from './teams-harness.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const answers = { urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(48) };

async function startRelease(t: TeamsBotUnderTest, title: string, user: TeamsUser = users.alice) {
  const post = t.channelPost(user, `release ${title}`);
  const root = post['id'] as string;
  await t.post(post);
  const form = t.connector.posts().at(-1)!.id!;
  const confirm = await t.invoke(t.execute(user, root, form, 'form.submit', { verb: 'form.submit' }, { title, ...answers }));
  await t.invoke(t.execute(user, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: 'minor' }));
  await t.settled();
  const release = (await t.bot.service.listActive()).find((r) => r.location.threadId === root)!;
  return { root, form, release, checklist: release.location.messageIds['phase:build']! };
}

/** Text lines posted into the release's thread since `from` (replies and announcements alike). */
const threadLines = (t: TeamsBotUnderTest, root: string, from: number) =>
  t.connector.posts().slice(from).filter((p) => p.conversationId === `${CHANNEL};messageid=${root}` && typeof p.body['text'] === 'string').map((p) => p.body['text'] as string);

describe('Teams: what a click waits for, and what the thread hears', () => {
  const t = new TeamsBotUnderTest();
  beforeAll(async () => {
    await t.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it("an invoke's reply carries the refreshed card at once; the other cards are updated after it", async () => {
    const { root, form, checklist } = await startRelease(t, 'Click path');
    const done = button(t.connector.cardOf(checklist), 'step.complete', 'scope_agreed');
    const putsBefore = t.connector.puts().length;
    const resume = t.connector.holdUpdates();
    const res = await t.invoke(t.execute(users.bob, root, checklist, 'step.complete', done['data'] as Record<string, unknown>));
    // Answered while every card update is still held by the connector.
    expect(res.type).toBe(CARD);
    expect(cardText(res.value)).toContain('done by Bob Builder');
    expect(t.connector.puts()).toHaveLength(putsBefore);
    expect(cardText(t.connector.cardOf(form))).toMatch(/0 done/);

    resume();
    await t.settled();
    expect(cardText(t.connector.cardOf(form))).toMatch(/1 done/);
    // The reply showed the card to Bob only; everyone else sees the same card through the update.
    expect(t.connector.cardOf(checklist)).toEqual(res.value);
  });

  it('a title too long for the form comes back on the form, beside the title field, as typed', async () => {
    const title = 'Checkout '.repeat(20).trim();
    await t.post(t.channelPost(users.alice, `release ${title}`));
    const form = t.connector.cardOf(t.connector.posts().at(-1)!.id!)!;
    expect(JSON.stringify(form)).toContain(`"value":"${title}"`);
    expect(JSON.stringify(form)).toMatch(/"text":"⚠ Keep it to 150 characters \(this has 179\)\.","wrap":true,"id":"title__error"/);
  });

  it('"Skip…" draws its reason field for the clicker only; the posted card keeps its buttons', async () => {
    const { root, checklist } = await startRelease(t, 'Skip form');
    const stored = JSON.stringify(t.connector.cardOf(checklist));
    const openSkip = actionsOf(t.connector.cardOf(checklist)).find((a) => a['verb'] === 'form.open' && (a['data'] as { form: string }).form === 'skip')!;
    const putsBefore = t.connector.puts().length;
    const formReply = await t.invoke(t.execute(users.bob, root, checklist, 'form.open', openSkip['data'] as Record<string, unknown>));
    expect(JSON.stringify(formReply.value)).toContain('Why does this step not apply?');
    await t.settled();
    expect(t.connector.puts()).toHaveLength(putsBefore);
    expect(JSON.stringify(t.connector.cardOf(checklist))).toBe(stored);

    // Without a reason the core refuses, in its own words; nothing is recorded.
    const skip = button(formReply.value, 'step.skip');
    const refused = await t.invoke(t.execute(users.bob, root, checklist, 'step.skip', skip['data'] as Record<string, unknown>));
    expect(String(refused.value)).toMatch(/a skip needs a reason/);
  });

  it('a command typed in the release thread is said there once; a click is announced in the thread', async () => {
    const { root, release, form } = await startRelease(t, 'Announcements');
    let from = t.connector.posts().length;
    await t.post(t.threadReply(users.alice, root, 'deploy'));
    await t.settled();
    const said = threadLines(t, root, from);
    expect(said).toEqual([expect.stringMatching(new RegExp(`${release.id} is now deployed`))]);

    from = t.connector.posts().length;
    const openCancel = actionsOf(t.connector.cardOf(form)).find((a) => a['verb'] === 'form.open' && (a['data'] as { form: string }).form === 'cancel')!;
    expect(openCancel['mode']).toBe('secondary');
    const cancelForm = await t.invoke(t.execute(users.alice, root, form, 'form.open', openCancel['data'] as Record<string, unknown>));
    const cancelled = await t.invoke(t.execute(users.alice, root, form, 'release.cancel', button(cancelForm.value, 'release.cancel')['data'] as Record<string, unknown>, { rb_cancel_reason: 'superseded' }));
    expect(cardText(cancelled.value)).toMatch(/Cancelled/i);
    await t.settled();
    expect(threadLines(t, root, from)).toEqual([`${release.id} cancelled by Alice Admin (superseded); its reminders are cancelled too.`]);
  });
});
