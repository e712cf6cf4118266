import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MINOR_ANSWERS, SECRET, click, messageWithStep, startHarness, startRelease, stateFor, threadMessages, waitUntil, type Harness } from './slack-harness.js';
import { messageAction, viewSubmission } from '../helpers/slack-signing.js';

type Json = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);

/** Sends a command and returns the text and blocks of its private answer. */
async function ask(h: Harness, text: string, user: string, more: { channel?: string; form?: Record<string, string> } = {}): Promise<string> {
  const n = h.fake.responses.length;
  await h.slack.command({ text, user, responseUrl: h.fake.responseUrl('ask'), ...more });
  await h.fake.waitFor(() => h.fake.responses.length > n, `the answer to "${text}"`);
  return JSON.stringify(h.fake.responses.at(-1)?.body);
}

/** Starts a release in a channel the bot may not post in; resolves with its id, from the DM the starter gets. */
async function startUnposted(h: Harness, channel: string, title: string): Promise<string> {
  const opened = h.fake.callsTo('views.open').length;
  const dms = h.fake.posted('UALICE').length;
  h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
  await h.slack.command({ text: 'new', user: 'UALICE', channel, responseUrl: h.fake.responseUrl() });
  const view = (await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened], 'the question modal')).body.view as Json;
  const viewId = `VUNPOSTED${opened}`;
  const model = (await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId, values: stateFor(view, { title, deployAt: now() + 86_400 * 3, ...MINOR_ANSWERS }) }))).json?.view as Json;
  await h.slack.interactive(viewSubmission({ user: 'UALICE', view: model, viewId, values: stateFor(model, {}) }));
  const dm = await h.fake.waitFor(() => h.fake.posted('UALICE')[dms], 'the direct message');
  return /(R-\d+)/.exec(dm.text ?? '')![1]!;
}

describe('Slack trust boundary: workspaces, channel membership, names', () => {
  let h: Harness;
  let releaseId: string;
  beforeAll(async () => {
    h = await startHarness();
    h.fake.members.set(CHANNEL, ['UALICE', 'UBOB']);
    ({ releaseId } = await startRelease(h, { user: 'UALICE', title: 'Guarded', deployAt: now() + 86_400 * 3 }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('records the workspace and names the release manager as Slack shows them', async () => {
    const release = await h.bot.service.get(releaseId);
    expect(release.location).toMatchObject({ surface: 'slack', workspaceId: 'T0TEST', channelId: CHANNEL });
    expect(release.releaseManager).toEqual({ id: 'slack:UALICE', name: 'name-UALICE' });
    expect(await ask(h, `cancel ${releaseId}`, 'UBOB')).toContain(`Only the release manager (name-UALICE) can cancel ${releaseId}.`);
    // users.info is asked once per person however many commands and forms they send.
    expect(h.fake.callsTo('users.info').filter((c) => c.body.user === 'UALICE')).toHaveLength(1);
  });

  it('stores command text as typed: Slack\'s entities and @channel markup become the words they stand for', async () => {
    const started = await startRelease(h, { user: 'UALICE', title: 'Typed text', deployAt: now() + 86_400 * 3 });
    await h.slack.command({ text: `cancel ${started.releaseId} R&amp;D owns it &lt;v2&gt; <!channel> <#C9|ops>`, user: 'UALICE', responseUrl: h.fake.responseUrl('typed') });
    await h.fake.waitFor(() => h.fake.responses.find((r) => r.path.includes('typed')), 'the reply');
    const cancelled = await h.bot.service.get(started.releaseId);
    expect(cancelled.audit.find((a) => a.action === 'cancel')?.detail).toBe('R&D owns it <v2> @channel #ops');
  });

  it('answers a command, a click and App Home from another workspace as for an unknown release', async () => {
    const unknown = `There is no release ${releaseId}.`;
    expect(await ask(h, `status ${releaseId}`, 'UALICE', { form: { team_id: 'T0OTHER' } })).toContain(unknown);
    // An org-wide install speaks for the enterprise, whichever team the person is in: not this release's workspace either.
    expect(await ask(h, `status ${releaseId}`, 'UALICE', { form: { enterprise_id: 'E0ORG', is_enterprise_install: 'true' } })).toContain(unknown);
    expect(await ask(h, `status ${releaseId}`, 'UALICE')).toContain('Open steps');

    const m1 = messageWithStep(h, threadMessages(h, await h.bot.service.get(releaseId)), 1);
    const { payload } = await click(h, m1, 'step_done:1', 'UALICE');
    await waitUntil(async () => (await h.bot.service.get(releaseId)).steps[0]?.state === 'done', 'the genuine click');
    const n = h.fake.responses.length;
    const forged = { ...payload, team: { id: 'T0OTHER' }, user: { ...(payload.user as Json), team_id: 'T0OTHER' }, actions: [{ ...(payload.actions as Json[])[0], action_id: 'step_undo:1', action_ts: h.slack.nextActionTs() }] };
    expect((await h.slack.interactive(forged)).status).toBe(200);
    await h.fake.waitFor(() => h.fake.responses.length > n, 'the refusal');
    expect(JSON.stringify(h.fake.responses.at(-1)?.body)).toContain(unknown);
    expect((await h.bot.service.get(releaseId)).steps[0]?.state).toBe('done');

    const published = h.fake.callsTo('views.publish').length;
    await h.slack.event({ type: 'app_home_opened', user: 'UBOB', channel: 'D1', tab: 'home', event_ts: '1.1' }, { eventId: 'EvOTHER', team: 'T0OTHER' });
    const home = JSON.stringify((await h.fake.waitFor(() => h.fake.callsTo('views.publish')[published], 'Home')).body);
    expect(home).toContain('Active releases (0)');
    expect(home).not.toContain(releaseId);
  });

  it('lets people in the channel reach the release from a DM and App Home, and nobody else', async () => {
    expect(await ask(h, `status ${releaseId}`, 'UBOB', { channel: 'D0BOB' })).toContain('Open steps');
    expect(await ask(h, `status ${releaseId}`, 'UMALLORY', { channel: 'D0MALLORY' })).toContain(`There is no release ${releaseId}.`);
    expect(await ask(h, 'list', 'UMALLORY', { channel: 'D0MALLORY' })).not.toContain(releaseId);
    const published = h.fake.callsTo('views.publish').length;
    await h.slack.event({ type: 'app_home_opened', user: 'UMALLORY', channel: 'D2', tab: 'home', event_ts: '1.2' });
    await h.slack.event({ type: 'app_home_opened', user: 'UBOB', channel: 'D3', tab: 'home', event_ts: '1.3' });
    await h.fake.waitFor(() => h.fake.callsTo('views.publish').length === published + 2, 'two Homes');
    const homes = h.fake.callsTo('views.publish').slice(published).map((c) => [c.body.user_id, JSON.stringify(c.body.view).includes(releaseId)]);
    expect(homes.sort()).toEqual([['UBOB', true], ['UMALLORY', false]]);
    // One conversations.members round for the channel, however many people asked within a minute.
    expect(h.fake.callsTo('conversations.members')).toHaveLength(1);
  });

  it('posts a release that could not be posted only in its own channel, not in the DM its status was asked from', async () => {
    h.fake.members.set('C0LATE', ['UALICE']);
    const id = await startUnposted(h, 'C0LATE', 'Late');
    expect(await ask(h, `status ${id}`, 'UALICE', { channel: 'D0ALICE' })).toContain('Open steps');
    await new Promise((r) => setTimeout(r, 200));
    expect([h.fake.posted('D0ALICE'), (await h.bot.service.get(id)).location.channelId]).toEqual([[], 'C0LATE']);
    await ask(h, `status ${id}`, 'UALICE', { channel: 'C0LATE' });
    await h.fake.waitFor(() => h.fake.posted('C0LATE').some((m) => !m.thread_ts), 'the release posted in its channel');
  });

  it('reads every page of a large channel', async () => {
    h.fake.membersPerPage = 2;
    h.fake.members.set('C0BIG', ['U1', 'U2', 'U3', 'U4', 'UCAROL']);
    const big = await startRelease(h, { user: 'UALICE', title: 'Big channel', deployAt: now() + 86_400 * 3, channel: 'C0BIG' });
    expect(await ask(h, `status ${big.releaseId}`, 'UCAROL', { channel: 'D0CAROL' })).toContain('Open steps');
    expect(h.fake.callsTo('conversations.members').filter((c) => c.body.channel === 'C0BIG')).toHaveLength(3);
    h.fake.membersPerPage = 1000;
  });

  it('answers no when Slack refuses the member list, and says why once in the log', async () => {
    h.fake.failNext('conversations.members', { error: 'missing_scope' }, 2);
    const secret = await startRelease(h, { user: 'UALICE', title: 'Refused', deployAt: now() + 86_400 * 3, channel: 'C0SECRET' });
    const other = await startRelease(h, { user: 'UALICE', title: 'Refused too', deployAt: now() + 86_400 * 3, channel: 'C0SECRET2' });
    expect(await ask(h, `status ${secret.releaseId}`, 'UALICE', { channel: 'D0ALICE' })).toContain(`There is no release ${secret.releaseId}.`);
    expect(await ask(h, `status ${other.releaseId}`, 'UALICE', { channel: 'D0ALICE' })).toContain(`There is no release ${other.releaseId}.`);
    const warnings = h.logs.filter((l) => l.includes('conversations.members'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 'warn', code: 'missing_scope' });
  });

  it('falls back to the name the command carried when users.info fails', async () => {
    h.fake.failNext('users.info', { error: 'user_not_found' });
    await ask(h, `assign 3 ${releaseId} me`, 'UZED');
    expect((await h.bot.service.get(releaseId)).steps[2]?.assignee).toEqual({ id: 'slack:UZED', name: 'uzed' });
    expect(h.logs.some((l) => l.includes('users.info failed') && l.includes('UZED'))).toBe(true);
  });

  it('logged the refusals above without the token or the signing secret', () => {
    expect(h.logs.join('\n')).not.toMatch(new RegExp(`xoxb-test|${SECRET}`));
  });
});

describe('Slack requests that are not what Slack sends', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 400 with a short JSON body to a signed block_actions without a user', async () => {
    const payload = messageAction({ user: 'UALICE', channel: CHANNEL, messageTs: '1.1', block: { block_id: 'step:R-1:1' }, element: { type: 'button', action_id: 'step_done:1', value: 'R-1|1' }, actionTs: h.slack.nextActionTs() });
    delete payload.user;
    const reply = await h.slack.interactive(payload);
    expect([reply.status, reply.json]).toEqual([400, { error: 'The payload is not one Slack sends.' }]);
    expect(h.logs.some((l) => l.includes('"level":"error"'))).toBe(false);
  });

  it('answers 401 to a correctly signed request whose timestamp is more than five minutes ahead', async () => {
    const reply = await h.slack.command({ text: 'list', user: 'UALICE', responseUrl: h.fake.responseUrl('future') }, { timestamp: now() + 6 * 60 });
    expect([reply.status, reply.json]).toEqual([401, { error: 'The request is not signed by Slack.' }]);
    // A little ahead is clock skew, not an attack.
    expect((await h.slack.command({ text: 'list', user: 'UALICE', responseUrl: h.fake.responseUrl('skew') }, { timestamp: now() + 60 })).status).toBe(200);
    await h.fake.waitFor(() => h.fake.responses.some((r) => r.path.includes('/skew-')), 'the answer to the skewed request');
  });

  it('answers a signed body that is not JSON or a form payload with a short JSON 400 and no stack', async () => {
    const calls = h.fake.calls.length;
    for (const [body, type] of [['{"type":"block_actions",', 'application/json'], ['payload=%7Bnot-json', 'application/x-www-form-urlencoded']] as const) {
      const reply = await h.slack.send(body, type);
      expect([reply.status, reply.json]).toEqual([400, { error: 'The body is not a Slack request.' }]);
      expect(reply.text).not.toMatch(/SyntaxError|\bat \w|node_modules/);
    }
    // A bad signature still gets its 401, now with a body that says so.
    expect((await h.slack.send('{}', 'application/json', { secret: 'wrong' })).json).toEqual({ error: 'The request is not signed by Slack.' });
    expect(h.fake.calls.slice(calls)).toEqual([]);
    expect(h.logs.filter((l) => /rejected a Slack payload|Parsing request body failed|verification failed/.test(l))).toHaveLength(4);
    expect(h.logs.join('\n')).not.toMatch(new RegExp(`xoxb-test|${SECRET}`));
  });
});

/** Everything Slack gives meaning to, typed by someone: it must never ping, link or mention when the bot repeats it. */
const EVIL = '<!channel> <!here> <!everyone> <https://evil.example|click> <@UEVIL> <#CEVIL> &amp; https://bare.example www.bare.example';
const RAW = ['<!channel>', '<!here>', '<!everyone>', '<https://evil', '<@UEVIL', '<#CEVIL', 'https://bare', 'www.bare'];

/**
 * Raw tokens anywhere in a body, by path. Two keys are the person's own input handed back to their own modal, which
 * Slack neither draws as text nor parses: an input's initial_value (what /release new typed) and private_metadata.
 */
function rawTokens(node: unknown, path: string): string[] {
  if (typeof node === 'string') return RAW.filter((t) => node.includes(t)).map((t) => `${path} has ${t}`);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === 'initial_value' || k === 'private_metadata' ? [] : rawTokens(v, `${path}.${k}`)));
}

describe('Slack escaping: one rule for everything people type', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.fake.members.set(CHANNEL, ['UALICE']);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('sends no raw mention, broadcast or link from typed text in any call, message, view, reply or modal answer', async () => {
    const acks: unknown[] = [];
    // A title, typed after /release new and in the modal, and a model override with its reason.
    await h.slack.command({ text: `new ${EVIL}`, user: 'UALICE', responseUrl: h.fake.responseUrl() });
    const view = (await h.fake.waitFor(() => h.fake.callsTo('views.open')[0], 'the question modal')).body.view as Json;
    const step1 = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VEVIL', values: stateFor(view, { title: EVIL, deployAt: now() + 3600, ...MINOR_ANSWERS, impact: 'high' }) }));
    const modelView = step1.json?.view as Json;
    const override = stateFor(modelView, { override_reason: EVIL });
    override.model = { model: { type: 'static_select', selected_option: { value: 'minor' } } };
    acks.push(step1.json, (await h.slack.interactive(viewSubmission({ user: 'UALICE', view: modelView, viewId: 'VEVIL', values: override }))).json);
    const releaseId = await h.fake.waitFor(() => /^(R-\d+)/.exec(h.fake.posted(CHANNEL).find((m) => !m.thread_ts)?.text ?? '')?.[1], 'the summary');
    await waitUntil(async () => Object.keys((await h.bot.service.get(releaseId)).location.messageIds).length > 1, 'the thread');
    const thread = threadMessages(h, await h.bot.service.get(releaseId));

    // A skip reason through the modal.
    const skippable = h.bot.service.view(await h.bot.service.get(releaseId)).phases.flatMap((p) => p.steps).find((st) => st.skippable)!.number;
    const opened = h.fake.callsTo('views.open').length;
    await click(h, messageWithStep(h, thread, skippable), `step_more:${skippable}`, 'UALICE', { option: 'skip' });
    const skipView = (await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened], 'the skip modal')).body.view as Json;
    acks.push((await h.slack.interactive(viewSubmission({ user: 'UALICE', view: skipView, viewId: 'VSKIPEVIL', values: stateFor(skipView, { skip_reason: EVIL }) }))).json);

    // Typed assignee, reschedule text and an unknown command come back in refusals and help; status, list and Home repeat the title.
    for (const text of [`assign 2 ${releaseId} ${EVIL}`, `reschedule ${releaseId} ${EVIL}`, EVIL, `status ${releaseId}`, 'list', `deploy ${releaseId}`, `close ${releaseId} success els:0 exit:met ${EVIL}`]) await ask(h, text, 'UALICE');
    // Slack marks a typed @channel up as <!channel>; the command stores the word, drawn escaped like any other text.
    expect((await h.bot.service.get(releaseId)).outcome?.incidents).toContain('@channel');
    const published = h.fake.callsTo('views.publish').length;
    await h.slack.event({ type: 'app_home_opened', user: 'UALICE', channel: 'D1', tab: 'home', event_ts: '1.1' });
    await h.fake.waitFor(() => h.fake.callsTo('views.publish').length > published, 'Home');

    // A release the bot may not post: the starter is told in a DM; then it is cancelled with a reason.
    await ask(h, `cancel ${await startUnposted(h, 'GPRIVATE', EVIL)} ${EVIL}`, 'UALICE', { channel: 'GPRIVATE' });

    // The reminder with its draft announcement (the title is in it), then everything settles.
    await h.fake.waitFor(() => h.fake.posted(CHANNEL).find((m) => /Draft announcement/.test(JSON.stringify(m.blocks))), 'the reminder with the draft');
    await h.bot.core.notifier.idle();
    await new Promise((r) => setTimeout(r, 200));

    const sent = [...h.fake.calls.map((c) => [c.method, c.body] as const), ...h.fake.responses.map((r) => [r.path, r.body] as const), ...acks.map((a) => ['view ack', a] as const)];
    expect(sent.flatMap(([where, body]) => rawTokens(body, where))).toEqual([]);
    // The sweep saw the typed text: escaped, in many places.
    expect(sent.filter(([, body]) => String(JSON.stringify(body)).includes('&lt;!channel&gt;')).length).toBeGreaterThan(15);
  });
});
