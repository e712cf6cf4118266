import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsBotUnderTest, users, actionsOf, button, cardText, deployInputs, nextId, TENANT, BOT, type TeamsUser } from './teams-harness.js';

const answers = { urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(72) };

function inChat(t: TeamsBotUnderTest, user: TeamsUser, conversation: { id: string; conversationType: string }, extra: Record<string, unknown>) {
  return {
    type: 'message',
    id: nextId(),
    serviceUrl: t.connector.url,
    channelId: 'msteams',
    from: user,
    recipient: BOT,
    conversation: { ...conversation, tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...extra,
  };
}

describe('Teams personal and group chats, Action.Submit fallback, summary buttons', () => {
  const t = new TeamsBotUnderTest();
  beforeAll(async () => {
    await t.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('runs a release in a personal chat through Action.Submit messages, the card updated in place', async () => {
    const chat = { id: 'a:1personal-chat-with-bob', conversationType: 'personal' };
    const welcome = { ...inChat(t, users.bob, chat, {}), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
    await t.post(welcome);
    expect(cardText(t.connector.cardOf(t.connector.posts().at(-1)!.id!))).toMatch(/Type \*\*release\*\*/);

    await t.post(inChat(t, users.bob, chat, { text: 'release Search reindex' }));
    const form = t.connector.posts().at(-1)!;
    expect(form.conversationId).toBe(chat.id);
    // Submit with a missing answer: the card is replaced by the form with the error, values kept.
    await t.post(inChat(t, users.bob, chat, { replyToId: form.id, value: { verb: 'form.submit', title: 'Search reindex', ...answers, rollback: '' } }));
    expect(cardText(t.connector.cardOf(form.id!))).toMatch(/⚠/);
    expect(JSON.stringify(t.connector.cardOf(form.id!))).toContain('"value":"Search reindex"');

    await t.post(inChat(t, users.bob, chat, { replyToId: form.id, value: { verb: 'form.submit', title: 'Search reindex', ...answers } }));
    const confirm = t.connector.cardOf(form.id!)!;
    expect(cardText(confirm)).toContain('Minor release');
    const start = button(confirm, 'form.confirm');
    await t.post(inChat(t, users.bob, chat, { replyToId: form.id, value: { ...(start['data'] as object), rb_model: 'major', rb_override_reason: 'touches the payment path' } }));
    await t.settled();

    const release = (await t.bot.service.listActive()).find((r) => r.title === 'Search reindex')!;
    expect(release.model.id).toBe('major');
    expect(release.classification.override).toMatchObject({ modelId: 'major', reason: 'touches the payment path', by: { id: 'teams:aad-bob' } });
    expect(release.location).toMatchObject({ surface: 'teams', channelId: chat.id });
    expect(release.location.threadId).toBeUndefined();
    expect(release.location.messageIds['summary']).toBe(form.id);
    // A major release has more steps than fit one card: the checklist is split by phase, each part recorded.
    const parts = Object.keys(release.location.messageIds).filter((k) => k.startsWith('phase:'));
    expect(parts.length).toBeGreaterThan(1);
    for (const key of parts) expect(t.connector.messages.get(release.location.messageIds[key]!)!.conversationId).toBe(chat.id);

    // Typed commands in the chat act on the release that lives there.
    await t.post(inChat(t, users.bob, chat, { text: 'done 1' }));
    await t.settled();
    expect((await t.bot.service.get(release.id)).steps[0]!.state).toBe('done');
    expect(JSON.stringify(t.connector.posts().at(-1)!.body)).toMatch(/done/i);
    expect(cardText(t.connector.cardOf(release.location.messageIds[parts[0]!]!))).toContain('done by Bob Builder');
  });

  it('in a group chat, assigns a step to an @mentioned person and closes the release from the summary card', async () => {
    const chat = { id: '19:group-chat-123@thread.v2', conversationType: 'groupChat' };
    // Mentions carry the Teams user id; the chat's roster says who that is: the AAD identity people act with.
    t.connector.rosters.set(chat.id, [users.alice, users.carol].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId })));
    const mention = (text: string, extra: Array<Record<string, unknown>> = []) => ({
      text: `<at>${BOT.name}</at> ${text}`,
      entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }, ...extra],
    });
    await t.post(inChat(t, users.alice, chat, mention('release Group chat release')));
    const form = t.connector.posts().at(-1)!.id!;
    const invoke = (user: TeamsUser, messageId: string, data: Record<string, unknown>) =>
      t.invoke({ ...inChat(t, user, chat, {}), type: 'invoke', name: 'adaptiveCard/action', replyToId: messageId, value: { action: { type: 'Action.Execute', verb: data['verb'], data } } });
    const confirm = await invoke(users.alice, form, { verb: 'form.submit', title: 'Group chat release', ...answers });
    await invoke(users.alice, form, { ...(button(confirm.value, 'form.confirm')['data'] as object), rb_model: 'minor' });
    await t.settled();
    const release = (await t.bot.service.listActive()).find((r) => r.title === 'Group chat release')!;

    await t.post(inChat(t, users.alice, chat, mention('assign 2 <at>Carol Ops</at>', [{ type: 'mention', text: '<at>Carol Ops</at>', mentioned: { id: '29:carol', name: 'Carol Ops' } }])));
    expect((await t.bot.service.get(release.id)).steps[1]!.assignee).toEqual({ id: 'teams:aad-carol', name: 'Carol Ops' });

    // Someone addressed before the bot is not part of the command: "@Megan @Release Bot status" is "status".
    const megan = { type: 'mention', text: '<at>Megan</at>', mentioned: { id: '29:megan', name: 'Megan Bowen' } };
    const addressed = (text: string, extra: Array<Record<string, unknown>> = []) => ({
      text: `<at>Megan</at> <at>${BOT.name}</at> ${text}`,
      entities: [megan, { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }, ...extra],
    });
    await t.post(inChat(t, users.alice, chat, addressed('status')));
    expect(cardText(t.connector.cardOf(t.connector.posts().at(-1)!.id!))).toContain(`${release.id}: Group chat release`);
    // A later mention is the person the command names, not the one addressed first.
    await t.post(inChat(t, users.alice, chat, addressed('assign 3 <at>Carol Ops</at>', [{ type: 'mention', text: '<at>Carol Ops</at>', mentioned: { id: '29:carol', name: 'Carol Ops' } }])));
    expect((await t.bot.service.get(release.id)).steps[2]!.assignee).toEqual({ id: 'teams:aad-carol', name: 'Carol Ops' });

    const summaryId = release.location.messageIds['summary']!;
    const deployed = await invoke(users.alice, summaryId, button(t.connector.cardOf(summaryId), 'release.deploy')['data'] as Record<string, unknown>);
    expect(cardText(deployed.value)).toMatch(/done\)/);
    // Everyone else's copy of the summary is redrawn in the background: wait for it before reading the card.
    await t.settled();
    await t.connector.waitFor(() => actionsOf(t.connector.cardOf(summaryId)).some((a) => a['verb'] === 'release.close'), 'the summary redrawn with Close…');
    const close = button(t.connector.cardOf(summaryId), 'release.close');
    const closeWith = (extra: Record<string, unknown>) => invoke(users.alice, summaryId, { ...(close['data'] as object), rb_outcome: 'rolled_back', rb_incidents: 'INC-7 INC-8', ...extra });
    // Bad or half-filled ELS answers: a message, the card left as it is (so the form keeps what was typed), nothing stored.
    const summaryBefore = JSON.stringify(t.connector.cardOf(summaryId));
    for (const [extra, said] of [
      // No ELS result at all (a client that skips isRequired): the core refuses in its own words.
      [{}, new RegExp(`${release.id} is in early life support: say how it went when you close it`)],
      [{ rb_els_incidents: '-1', rb_els_exit: 'met' }, /"-1" is not a number of incidents/],
      [{ rb_els_incidents: '1.5', rb_els_exit: 'met' }, /whole number/],
      [{ rb_els_incidents: 'two', rb_els_exit: 'unmet' }, /"two"/],
      [{ rb_els_incidents: '2' }, /exit criteria were met/],
      [{ rb_els_exit: 'unmet' }, /number of incidents/],
      [{ rb_els_incidents: '2', rb_els_exit: 'maybe' }, /"maybe" is not met or unmet/],
    ] as const) {
      const refused = await closeWith(extra);
      expect(refused.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(refused.value)).toMatch(said);
    }
    expect((await t.bot.service.get(release.id)).status).toBe('els');
    expect(JSON.stringify(t.connector.cardOf(summaryId))).toBe(summaryBefore);

    const closed = await closeWith({ rb_els_incidents: '2', rb_els_exit: 'unmet' });
    expect(cardText(closed.value)).toMatch(/Rolled back/);
    const stored = await t.bot.service.get(release.id);
    expect(stored.status).toBe('closed');
    expect(stored.outcome).toMatchObject({ result: 'rolled_back', incidents: ['INC-7', 'INC-8'], els: { incidents: 2, exitCriteriaMet: false } });
    // The chat heard about it, and the cards lost their buttons.
    expect(t.connector.posts().some((p) => p.conversationId === chat.id && typeof p.body['text'] === 'string' && /closed|rolled/i.test(p.body['text'] as string))).toBe(true);
    for (const id of Object.values(stored.location.messageIds)) expect(JSON.stringify(t.connector.cardOf(id))).not.toContain('Action.Execute');

    // Acting on a closed release is refused with a clear message.
    const refused = await invoke(users.bob, stored.location.messageIds['phase:build']!, { verb: 'step.complete', releaseId: release.id, step: stored.steps[2]!.stepId, n: 3 });
    expect(refused.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(refused.value)).toMatch(new RegExp(release.id));
  });
});
