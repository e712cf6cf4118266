import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsBotUnderTest, users, actionsOf, button, deployInputs, nextId, BOT, CHANNEL, TENANT, type InvokeBody, type TeamsUser } from './teams-harness.js';

const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const answers = { urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(72) };
const megan = { id: '29:megan', name: 'Megan Bowen', aadObjectId: 'aad-megan' };
const dave = { id: '29:dave', name: 'Dave Elsewhere', aadObjectId: 'aad-dave' };
const member = (u: TeamsUser | typeof megan) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId });
const unknownAnswer = (id: string) => `There is no release ${id}. Type "list" to see the active releases.`;

/** A message in someone's personal chat with the bot, in their tenant. */
function personal(t: TeamsBotUnderTest, user: TeamsUser, extra: Record<string, unknown>, tenant = TENANT): Record<string, unknown> {
  return {
    type: 'message',
    id: nextId(),
    serviceUrl: t.connector.url,
    channelId: 'msteams',
    from: user,
    recipient: BOT,
    conversation: { id: `a:personal-${user.id}-${tenant}`, conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
    ...extra,
  };
}

/** A click as an adaptiveCard/action invoke, from wherever `from` says. */
const clickFrom = (from: Record<string, unknown>, data: Record<string, unknown>) => ({
  ...from,
  type: 'invoke',
  name: 'adaptiveCard/action',
  replyToId: 'forwarded-card',
  value: { action: { type: 'Action.Execute', verb: data['verb'], data } },
});

/** What the bot answered a message in a personal chat: the last text posted there. */
const lastText = (t: TeamsBotUnderTest, activity: Record<string, unknown>) =>
  String(t.connector.posts().filter((p) => p.conversationId === (activity['conversation'] as { id: string }).id).at(-1)?.body['text']);

async function startRelease(t: TeamsBotUnderTest, user: TeamsUser, title: string, model = 'minor', extra: Record<string, string> = {}) {
  const post = t.channelPost(user, 'release');
  const root = post['id'] as string;
  await t.post(post);
  const form = t.connector.posts().at(-1)!.id!;
  const confirm = await t.invoke(t.execute(user, root, form, 'form.submit', { verb: 'form.submit' }, { title, ...answers }));
  const started = await t.invoke(t.execute(user, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: model, ...extra }));
  await t.settled();
  const release = (await t.bot.service.listActive()).find((r) => r.location.threadId === root)!;
  return { root, form, release, confirm, started };
}

describe('Teams trust boundary: tenants, rosters, identities', () => {
  const t = new TeamsBotUnderTest();
  beforeAll(async () => {
    await t.start();
    t.connector.rosters.set(CHANNEL, [users.alice, users.bob, users.carol, megan].map(member));
  });
  afterAll(async () => {
    await t.stop();
  });

  it('records the tenant, and answers another tenant as for an unknown release: typed commands and card clicks alike', async () => {
    const { root, release } = await startRelease(t, users.alice, 'Tenant check');
    expect(release.location.workspaceId).toBe(TENANT);
    const step = release.steps[0]!.stepId;
    const rosterCalls = t.connector.rosterCalls().length;

    const typed = personal(t, users.bob, { text: `status ${release.id}` }, OTHER_TENANT);
    await t.post(typed);
    expect(lastText(t, typed)).toBe(unknownAnswer(release.id));
    await t.post({ ...typed, id: nextId(), text: 'status R-999' });
    expect(lastText(t, typed)).toBe(unknownAnswer('R-999'));

    // A card forwarded into another tenant's chat, and a crafted invoke naming the release's own channel thread.
    const forwarded = personal(t, users.bob, {}, OTHER_TENANT);
    const crafted = { ...t.execute(users.bob, root, 'x', 'step.complete', {}), conversation: { id: `${CHANNEL};messageid=${root}`, conversationType: 'channel', tenantId: OTHER_TENANT }, channelData: { tenant: { id: OTHER_TENANT } } };
    for (const from of [forwarded, crafted]) {
      for (const data of [
        { verb: 'step.complete', releaseId: release.id, step, n: 1 },
        { verb: 'card.refresh', releaseId: release.id },
        { verb: 'form.open', releaseId: release.id, form: 'cancel' },
        { verb: 'release.cancel', releaseId: release.id, rb_cancel_reason: 'not yours' },
      ]) {
        const res = await t.invoke({ ...clickFrom(from, data), id: nextId() });
        expect(res.type, data.verb).toBe(MESSAGE);
        expect(res.value, data.verb).toBe(unknownAnswer(release.id));
      }
    }
    const stored = await t.bot.service.get(release.id);
    expect(stored.status).toBe('planned');
    expect(stored.steps[0]!.state).toBe('open');
    // Refused on the tenant alone: nobody's roster was consulted for it.
    expect(t.connector.rosterCalls().length).toBe(rosterCalls);
  });

  it("from a personal chat, only people in the release's channel roster may act; the roster is read once for a burst", async () => {
    const { release } = await startRelease(t, users.alice, 'Roster check');
    const before = t.connector.rosterCalls().length;
    const bob = personal(t, users.bob, { text: `done 1 ${release.id}` });
    await t.post(bob);
    await t.settled();
    expect((await t.bot.service.get(release.id)).steps[0]!.state).toBe('done');
    // Paged: four members, two a page.
    const fetches = t.connector.rosterCalls().slice(before);
    expect(fetches.map((c) => c.conversationId)).toEqual([CHANNEL, CHANNEL]);
    expect(fetches[0]!.path).toMatch(/\/pagedmembers\?pageSize=500$/);
    expect(fetches[1]!.path).toMatch(/continuationToken=2/);

    await t.post(personal(t, users.bob, { text: `done 2 ${release.id}` }));
    expect(t.connector.rosterCalls().length - before).toBe(2);

    const outsider = personal(t, dave, { text: `done 3 ${release.id}` });
    await t.post(outsider);
    expect(lastText(t, outsider)).toBe(unknownAnswer(release.id));
    const click = await t.invoke(clickFrom(personal(t, dave, {}), { verb: 'step.complete', releaseId: release.id, step: release.steps[3]!.stepId, n: 4 }));
    expect(click.value).toBe(unknownAnswer(release.id));
    const stored = await t.bot.service.get(release.id);
    expect(stored.steps.slice(2).every((s) => s.state === 'open')).toBe(true);
    expect(t.connector.rosterCalls().length - before).toBe(2);
  });

  it('a roster that cannot be read lets nobody in from outside, and says so in the log', async () => {
    const chat = { id: '19:unlisted-chat@thread.v2', conversationType: 'groupChat', tenantId: TENANT };
    const inChat = { ...personal(t, users.alice, { text: `<at>${BOT.name}</at> release Hidden chat release`, entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] }), conversation: chat };
    await t.post(inChat);
    const form = t.connector.posts().at(-1)!.id!;
    const confirm = await t.invoke({ ...clickFrom(inChat, { verb: 'form.submit', title: 'Hidden chat release', ...answers }), replyToId: form });
    await t.invoke({ ...clickFrom(inChat, { ...(button(confirm.value, 'form.confirm')['data'] as object), rb_model: 'minor' }), replyToId: form, id: nextId() });
    await t.settled();
    const release = (await t.bot.service.listActive()).find((r) => r.title === 'Hidden chat release')!;
    const ask = personal(t, users.alice, { text: `status ${release.id}` });
    await t.post(ask);
    expect(lastText(t, ask)).toBe(unknownAnswer(release.id));
    expect(t.logs.some((l) => /"level":"warn"/.test(l) && l.includes('Could not read a Teams conversation roster') && l.includes(chat.id))).toBe(true);
  });

  it('an @mentioned person is stored as the identity they act with, so the step they are given is theirs', async () => {
    const { root, release } = await startRelease(t, users.alice, 'Identity check');
    const mention = (p: { id: string; name: string }) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } });
    const assign = (by: TeamsUser, to: { id: string; name: string }, n: number) => {
      const reply = t.threadReply(by, root, `assign ${n} <at>${to.name}</at>`);
      return t.post({ ...reply, entities: [...(reply['entities'] as object[]), mention(to)] });
    };
    await assign(users.alice, megan, 3);
    expect((await t.bot.service.get(release.id)).steps[2]!.assignee).toEqual({ id: 'teams:aad-megan', name: 'Megan Bowen' });
    // Megan has the step, so she may hand it on: only the current assignee or the release manager may.
    await assign(megan, users.carol, 3);
    expect((await t.bot.service.get(release.id)).steps[2]!.assignee).toEqual({ id: 'teams:aad-carol', name: 'Carol Ops' });
    // Someone the roster does not know keeps the id Teams mentioned them by.
    await assign(users.alice, { id: '29:guest', name: 'Guest User' }, 4);
    expect((await t.bot.service.get(release.id)).steps[3]!.assignee).toEqual({ id: 'teams:29:guest', name: 'Guest User' });
  });
});

/** What people typed, hostile: a link, an image, a mention of everyone, markup and a script tag. */
const HOSTILE = '[click](https://evil.example) ![x](https://evil.example/x.png) <at>Everyone</at> **bold** <script> https://bare.example www.bare.example';
/** As Teams delivers typed text in a message: HTML-encoded. */
const typed = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Json = Record<string, unknown>;

/** The strings Teams draws from a card: everything but button data, input values (shown as typed) and Teams' own entities. */
function drawnStrings(node: unknown, out: string[] = [], input = false): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => drawnStrings(n, out, input));
  else if (node && typeof node === 'object') {
    const n = node as Json;
    const isInput = typeof n['type'] === 'string' && (n['type'] as string).startsWith('Input.');
    for (const [k, v] of Object.entries(n)) if (k !== 'data' && k !== 'msteams' && !(isInput && k === 'value')) drawnStrings(v, out, isInput);
  }
  return out;
}

/** Links, images, entities and <at> tags in text Teams reads as markdown, except the bot's own mentions (entity and tag alike). */
function markupIn(text: string, mentions: string[]): string[] {
  let rest = text;
  for (const m of mentions) rest = rest.split(m).join('');
  return [/\]\s*\(/, /!\[/, /<\s*(?:at|a|img|script|https?:)/i, /&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i, /\]\[/, /https?:\/\/bare/, /www\.bare/].flatMap((re) => (re.test(rest) ? [`${re} in ${JSON.stringify(text)}`] : []));
}

/** Every problem in one activity body (a posted or updated message) or invoke reply. */
function problemsIn(body: Json): string[] {
  const attachments = (body['attachments'] as Array<{ content: Json }> | undefined) ?? [];
  const problems: string[] = [];
  if (typeof body['text'] === 'string') problems.push(...markupIn(body['text'], []));
  for (const { content } of attachments) {
    const entities = ((content['msteams'] as { entities?: Array<{ text: string; mentioned: { name: string } }> } | undefined)?.entities ?? []);
    for (const e of entities) if (e.text !== `<at>${e.mentioned.name}</at>` || markupIn(e.mentioned.name, []).length) problems.push(`odd mention ${JSON.stringify(e)}`);
    for (const s of drawnStrings(content)) problems.push(...markupIn(s, entities.map((e) => e.text)));
  }
  return problems;
}

describe('Teams: nothing a person types is drawn as a link, an image or a mention', () => {
  const t = new TeamsBotUnderTest();
  const mallory = { id: '29:mallory', name: HOSTILE, aadObjectId: 'aad-mallory' };
  const replies: InvokeBody[] = [];
  const invoke = async (a: Record<string, unknown>) => {
    const res = await t.invoke(a);
    replies.push(res);
    return res;
  };
  beforeAll(async () => {
    await t.start();
    t.connector.rosters.set(CHANNEL, [users.alice, users.bob, mallory].map(member));
  });
  afterAll(async () => {
    await t.stop();
  });

  it('one sweep: hostile text in every field, then every message the connector received is scanned', async () => {
    // A title typed after "release", another typed into the form; the override reason; the release manager's name.
    await t.post(t.channelPost(mallory, `release ${typed(HOSTILE)}`));
    const post = t.channelPost(mallory, 'release');
    const root = post['id'] as string;
    await t.post(post);
    const form = t.connector.posts().at(-1)!.id!;
    const confirm = await invoke(t.execute(mallory, root, form, 'form.submit', { verb: 'form.submit' }, { title: HOSTILE, ...answers, ...deployInputs(2) }));
    await invoke(t.execute(mallory, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: 'major', rb_override_reason: HOSTILE }));
    await t.settled();
    const release = (await t.bot.service.listActive()).find((r) => r.location.threadId === root)!;
    expect(release.title).toBe(HOSTILE);
    expect(release.classification.override?.reason).toBe(HOSTILE);
    const summary = release.location.messageIds['summary']!;
    const say = (user: TeamsUser, text: string) => t.post(t.threadReply(user, root, typed(text)));
    /** The checklist message showing a button, and that button's data. */
    const onCard = (find: (a: Json) => boolean): [string, Json] => {
      for (const id of Object.values(release.location.messageIds)) {
        const found = actionsOf(t.connector.cardOf(id)).find(find);
        if (found) return [id, found['data'] as Json];
      }
      throw new Error('no such button on the release cards');
    };
    const stepButton = (verb: string, n: number) => onCard((a) => a['verb'] === verb && (a['data'] as { n?: number }).n === n);

    // Skip reasons typed and on the card; an assignee, a new time and a command nobody knows; a done and a taken step.
    await say(mallory, `skip 4 ${HOSTILE}`);
    const [checklist, openSkip] = stepButton('form.open', 7);
    const skipForm = await invoke(t.execute(users.bob, root, checklist, 'form.open', openSkip));
    await invoke(t.execute(users.bob, root, checklist, 'step.skip', button(skipForm.value, 'step.skip')['data'] as Json, { reason_7: HOSTILE }));
    // A typed name is at most 80 characters: the hostile one without its image.
    await say(users.bob, 'assign 4 [click](https://evil.example) <at>Everyone</at> **bold** <script>');
    await say(mallory, `reschedule ${release.id} ${HOSTILE}`);
    await say(users.bob, `bogus ${HOSTILE}`);
    await say(users.bob, HOSTILE);
    for (const [verb, n] of [['step.complete', 1], ['step.assign', 5]] as const) {
      const [messageId, data] = stepButton(verb, n);
      await invoke(t.execute(mallory, root, messageId, verb, data));
    }
    // A button name and data Teams never sent, echoed in the answer.
    await invoke(t.execute(users.bob, root, checklist, HOSTILE, { verb: HOSTILE }));
    // Deployed, then closed with the hostile words as incident references (each is short enough to be one).
    // The release manager rejects the go/no-go with the hostile reason, which the summary's gate line then shows.
    await invoke(t.execute(mallory, root, summary, 'gate.reject', { verb: 'gate.reject', releaseId: release.id, gateId: 'go' }, { reject_go: HOSTILE }));
    // A major release: the button is refused for its open gates, so the release manager deploys with an override reason.
    await invoke(t.execute(mallory, root, summary, 'release.deploy', { verb: 'release.deploy', releaseId: release.id }));
    await say(mallory, `deploy ${release.id} override ${HOSTILE}`);
    await invoke(t.execute(mallory, root, summary, 'release.close', { verb: 'release.close', releaseId: release.id }, { rb_outcome: 'rolled_back', rb_incidents: HOSTILE, rb_els_incidents: '0', rb_els_exit: 'met' }));
    // A second release, cancelled with the hostile reason.
    const second = await startRelease(t, mallory, HOSTILE);
    await invoke(t.execute(mallory, second.root, second.form, 'release.cancel', { verb: 'release.cancel', releaseId: second.release.id }, { rb_cancel_reason: HOSTILE }));
    await t.settled();

    const closed = await t.bot.service.get(release.id);
    expect(closed.outcome?.incidents).toContain('[click](https://evil.example)');
    expect(closed.steps[3]!.reason).toBe(HOSTILE);
    expect(closed.steps[6]!.reason).toBe(HOSTILE);
    expect(closed.steps[4]!.assignee?.name).toBe(HOSTILE);
    expect((await t.bot.service.get(second.release.id)).status).toBe('cancelled');
    expect(closed.gates?.find((g) => g.gateId === 'go')).toMatchObject({ state: 'rejected', note: HOSTILE });

    const bodies = [...t.connector.calls.filter((c) => c.status < 300).map((c) => c.body), ...replies.map((r) => (r.type === MESSAGE ? { text: r.value } : { attachments: [{ content: r.value as Json }] }))];
    // The sweep saw the hostile text wherever it went (as text, not markup), and the bot's own mentions.
    expect(bodies.filter((b) => JSON.stringify(b).includes('evil.example')).length).toBeGreaterThan(20);
    expect(JSON.stringify(bodies)).toContain('"mentioned":{"id":"aad-mallory"');
    for (const said of ['is not a date', 'I do not know \\"', 'Unknown command', 'I do not know the button', 'skipped by', 'overridden by', 'assigned to', 'cancelled by', 'Rolled back', 'rejected by']) {
      expect(bodies.some((b) => JSON.stringify(b).includes(said) && JSON.stringify(b).includes('evil.example')), said).toBe(true);
    }
    expect(bodies.flatMap(problemsIn)).toEqual([]);
  });
});
