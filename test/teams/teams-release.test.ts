import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsBotUnderTest, users, actionsOf, button, cardText, deployInputs, CHANNEL, BOT, TENANT, type InvokeBody } from './teams-harness.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

const plannedAnswers = {
  urgency: 'planned',
  kind: 'application',
  userFacing: 'true',
  impact: 'medium',
  risk: 'medium',
  rollback: 'easy',
};

describe('a release in a Teams channel, end to end over HTTP', () => {
  const t = new TeamsBotUnderTest();
  let root = '';
  let formMessage = '';
  let checklistMessage = '';
  let releaseId = '';

  beforeAll(async () => {
    await t.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('welcomes the team when the bot is installed', async () => {
    const res = await t.post(t.botAdded(users.alice));
    expect(res.status).toBe(200);
    const welcome = t.connector.posts().at(-1)!;
    expect(welcome.conversationId).toBe(CHANNEL);
    expect(cardText((welcome.body['attachments'] as Array<{ content: unknown }>)[0]!.content)).toContain('@Release Bot release');
  });

  it('answers "@Release Bot release" with the question form in the reply chain', async () => {
    const post = t.channelPost(users.alice, 'release Checkout v2');
    root = post['id'] as string;
    expect((await t.post(post)).status).toBe(200);
    const reply = t.connector.posts().at(-1)!;
    // The conversation id travels undecoded, reply chain included; the reply names the message it answers.
    expect(reply.conversationId).toBe(`${CHANNEL};messageid=${root}`);
    expect(reply.activityId).toBe(root);
    formMessage = reply.id!;
    const form = t.connector.cardOf(formMessage)!;
    expect(form['version']).toBe('1.5');
    const types = JSON.stringify(form);
    for (const input of ['Input.ChoiceSet', 'Input.Date', 'Input.Time', 'Input.Text', 'Input.Toggle']) expect(types).toContain(input);
    expect(types).toContain('"value":"Checkout v2"');
  });

  it('keeps the answers and shows the errors on the card when validation fails', async () => {
    const form = t.connector.cardOf(formMessage)!;
    const submit = button(form, 'form.submit');
    const res = await t.invoke(t.execute(users.alice, root, formMessage, 'form.submit', submit['data'] as object as Record<string, unknown>, {
      title: 'Checkout v2',
      ...plannedAnswers,
      deployAt__date: 'not-a-date',
      deployAt__time: '14:30',
    }));
    expect(res.statusCode).toBe(200);
    expect(res.type).toBe(CARD);
    const text = cardText(res.value);
    expect(text).toMatch(/⚠/);
    const json = JSON.stringify(res.value);
    expect(json).toContain('"value":"Checkout v2"');
    expect(json).toContain('"value":"not-a-date"');
    expect(json).toContain('"value":"medium"');
  });

  it('shows the chosen model and why, with an override, then starts the release on Confirm', async () => {
    const answers = { title: 'Checkout v2', ...plannedAnswers, ...deployInputs(3) };
    const confirm = await t.invoke(t.execute(users.alice, root, formMessage, 'form.submit', { verb: 'form.submit' }, answers));
    expect(confirm.type).toBe(CARD);
    expect(cardText(confirm.value)).toContain('Minor release');
    const start = button(confirm.value, 'form.confirm');

    // Overriding without a reason is refused on the card, answers kept.
    const noReason = await t.invoke(t.execute(users.alice, root, formMessage, 'form.confirm', start['data'] as Record<string, unknown>, { rb_model: 'major', rb_override_reason: '' }));
    expect(cardText(noReason.value)).toMatch(/Say why Major release fits better than the suggested Minor release/);

    const started = await t.invoke(t.execute(users.alice, root, formMessage, 'form.confirm', start['data'] as Record<string, unknown>, { rb_model: 'minor', rb_override_reason: '' }));
    expect(started.type).toBe(CARD);
    const summaryText = cardText(started.value);
    expect(summaryText).toMatch(/R-\d+: Checkout v2/);
    releaseId = /(R-\d+)/.exec(summaryText)![1]!;

    // The reply did not wait for the checklist: it is posted, and the ids recorded, right after.
    await t.settled();
    const release = await t.bot.service.get(releaseId);
    expect(release.location.surface).toBe('teams');
    expect(release.location.channelId).toBe(CHANNEL);
    expect(release.location.threadId).toBe(root);
    expect(release.location.messageIds['summary']).toBe(formMessage);
    const ref = release.location.conversationRef as { serviceUrl: string; conversation: { id: string }; bot: { id: string }; tenantId: string };
    expect(ref.serviceUrl).toBe(t.connector.url);
    expect(ref.conversation.id).toBe(`${CHANNEL};messageid=${root}`);
    expect(ref.bot.id).toBe(BOT.id);
    expect(ref.tenantId).toBeTruthy();
    checklistMessage = release.location.messageIds['phase:build']!;
    expect(checklistMessage).toBeTruthy();
    const checklist = t.connector.cardOf(checklistMessage)!;
    expect(cardText(checklist)).toContain('Build');
    expect(t.connector.messages.get(checklistMessage)!.conversationId).toBe(`${CHANNEL};messageid=${root}`);
  });

  it('posts the overdue communication reminder proactively into the thread, mentioning the release manager', async () => {
    const reminder = await t.connector.waitFor(
      () => t.connector.posts().find((c) => JSON.stringify(c.body).includes('🔔')),
      'a reminder in the thread',
    );
    expect(reminder.conversationId).toBe(`${CHANNEL};messageid=${root}`);
    // Posted to the conversation (the stored reply chain), not as a reply to some made-up activity id.
    expect(reminder.activityId).toBeUndefined();
    expect(reminder.body['channelData']).toMatchObject({ tenant: { id: TENANT } });
    const order = t.connector.posts().map((c) => c.id);
    expect(order.indexOf(reminder.id)).toBeGreaterThan(order.indexOf(checklistMessage));
    const content = (reminder.body['attachments'] as Array<{ content: { msteams: { entities: Array<{ mentioned: { id: string } }> } } }>)[0]!.content;
    expect(content.msteams.entities.map((e) => e.mentioned.id)).toContain('aad-alice');
    expect(cardText(content)).toContain('<at>Alice Admin</at>');
  });

  it('records clicks by several people and updates the checklist and the summary in place', async () => {
    const checklist = t.connector.cardOf(checklistMessage)!;
    const done = button(checklist, 'step.complete', 'scope_agreed');
    const putsBefore = t.connector.puts().length;
    const res = await t.invoke(t.execute(users.bob, root, checklistMessage, 'step.complete', done['data'] as Record<string, unknown>));
    expect(res.type).toBe(CARD);
    expect(cardText(res.value)).toContain('done by Bob Builder');

    await t.settled();
    const puts = t.connector.puts().slice(putsBefore);
    expect(puts.map((p) => p.activityId)).toEqual(expect.arrayContaining([checklistMessage, formMessage]));
    expect(cardText(t.connector.cardOf(formMessage))).toMatch(/1 done/);
    expect(cardText(t.connector.cardOf(checklistMessage))).toContain('done by Bob Builder');

    // Teams may ask for the card again (Universal Actions refresh): the answer is the stored state.
    const refresh = (t.connector.cardOf(checklistMessage) as { refresh: { action: { verb: string; data: Record<string, unknown> } } }).refresh.action;
    const refreshed = await t.invoke(t.execute(users.carol, root, checklistMessage, refresh.verb, refresh.data));
    expect(refreshed.value).toEqual(t.connector.cardOf(checklistMessage));

    // Carol may not undo Bob's step: a clear message, nothing changes.
    const undo = button(t.connector.cardOf(checklistMessage), 'step.undo', 'scope_agreed');
    const refused = await t.invoke(t.execute(users.carol, root, checklistMessage, 'step.undo', undo['data'] as Record<string, unknown>));
    expect(refused.type).toBe(MESSAGE);
    expect(String(refused.value)).toMatch(/\w/);
    expect((await t.bot.service.get(releaseId)).steps[0]!.state).toBe('done');

    // Carol assigns a step to herself; Bob skips one through the Action.Submit fallback, with a reason.
    const assign = button(t.connector.cardOf(checklistMessage), 'step.assign', 'feature_flags');
    await t.invoke(t.execute(users.carol, root, checklistMessage, 'step.assign', assign['data'] as Record<string, unknown>));
    // "Skip…" sits in the step's overflow menu and draws the reason field in place, for the person who asked.
    const n = (assign['data'] as { n: number }).n;
    const openSkip = actionsOf(t.connector.cardOf(checklistMessage)).find((a) => a['verb'] === 'form.open' && (a['data'] as { n?: number }).n === n)!;
    expect(openSkip['mode']).toBe('secondary');
    const skipForm = await t.invoke(t.execute(users.bob, root, checklistMessage, 'form.open', openSkip['data'] as Record<string, unknown>));
    const skip = button(skipForm.value, 'step.skip', 'feature_flags');
    const submitRes = await t.post(t.submit(users.bob, root, checklistMessage, skip['data'] as Record<string, unknown>, { [`reason_${n}`]: 'no risky paths in this change' }));
    expect(submitRes.status).toBe(200);
    await t.settled();
    const after = cardText(t.connector.cardOf(checklistMessage));
    expect(after).toContain('skipped by Bob Builder');
    expect(after).toContain('no risky paths in this change');
    const stored = await t.bot.service.get(releaseId);
    expect(stored.steps.find((s) => s.stepId === 'feature_flags')).toMatchObject({ state: 'skipped', assignee: { id: 'teams:aad-carol' } });
  });

  it('answers text commands in the thread: status, list, models, help, report, and help for unknown text', async () => {
    const replies = async (text: string) => {
      const before = t.connector.posts().length;
      expect((await t.post(t.threadReply(users.bob, root, text))).status).toBe(200);
      return t.connector.posts().slice(before).map((c) => JSON.stringify(c.body));
    };
    expect((await replies('status'))[0]).toContain(releaseId);
    // "status" in a new channel post (outside the reply chain) finds the channel's only active release.
    const before = t.connector.posts().length;
    await t.post(t.channelPost(users.carol, 'status'));
    expect(JSON.stringify(t.connector.posts().slice(before)[0]!.body)).toContain(releaseId);
    expect((await replies(`status ${releaseId}`))[0]).toContain('Checkout v2');
    expect((await replies('list'))[0]).toContain(releaseId);
    expect((await replies('models'))[0]).toContain('Major');
    expect((await replies('help'))[0]).toContain('close R-42');
    expect((await replies('report 30d'))[0]).toContain('Release report');
    expect((await replies('make me a sandwich'))[0]).toContain('Unknown command \\"make\\"');
    expect((await replies('close R-999 success'))[0]).toMatch(/R-999/);
  });

  it('records the deployment and the close, and the cards lose their buttons', async () => {
    // Only the release manager (or the deployment step's assignee) records them; the refusal names who may.
    const lastReply = () => String(t.connector.posts().at(-1)!.body['text']);
    await t.post(t.threadReply(users.bob, root, `deploy ${releaseId}`));
    expect(lastReply()).toBe(`Only the release manager (Alice Admin) can record the deployment of ${releaseId}.`);
    expect((await t.bot.service.get(releaseId)).deployedAt).toBeUndefined();
    const deployed = await t.post(t.threadReply(users.alice, root, `deploy ${releaseId}`));
    expect(deployed.status).toBe(200);
    expect((await t.bot.service.get(releaseId)).deployedAt).toBeTruthy();
    await t.settled();
    const closeButton = button(t.connector.cardOf(formMessage), 'release.close');
    const refused = await t.invoke(t.execute(users.bob, root, formMessage, 'release.close', closeButton['data'] as Record<string, unknown>, { rb_outcome: 'success', rb_els_incidents: '0', rb_els_exit: 'met' }));
    expect(refused.value).toBe(`Only the release manager (Alice Admin) can close ${releaseId}.`);
    await t.post(t.threadReply(users.alice, root, `close ${releaseId} success els:0 exit:met`));
    await t.settled();
    const closed = await t.bot.service.get(releaseId);
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toMatchObject({ result: 'success', incidents: [], els: { incidents: 0, exitCriteriaMet: true } });
    const summary = t.connector.cardOf(formMessage)!;
    expect(cardText(summary)).toMatch(/Closed/i);
    expect(JSON.stringify(summary)).not.toContain('Action.Execute');
    expect(JSON.stringify(t.connector.cardOf(checklistMessage))).not.toContain('Action.Execute');
  });
});

export type { InvokeBody };
