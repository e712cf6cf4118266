import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MINOR_ANSWERS, click, messageWithStep, startHarness, startRelease, stateFor, waitUntil, type Harness } from './slack-harness.js';
import { findElement, viewSubmission } from '../helpers/slack-signing.js';

type Json = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);

describe('Slack request authenticity', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 401 to a bad, stale or missing signature and does nothing', async () => {
    const callsBefore = h.fake.calls.length;
    const form = { text: 'cancel R-1', user: 'UMALLORY', responseUrl: h.fake.responseUrl('forged') };
    expect((await h.slack.command({ ...form, text: 'new Forged' }, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await h.slack.command({ ...form, text: 'list' }, { timestamp: now() - 6 * 60 })).status).toBe(401);
    const unsigned = await fetch(h.slack.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'command=%2Frelease&text=list' });
    expect(unsigned.status).toBe(401);
    // A body changed after signing fails too.
    const tampered = await h.slack.send('payload=%7B%7D', 'application/x-www-form-urlencoded', { secret: 'x' });
    expect(tampered.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.calls.slice(callsBefore)).toEqual([]);
    expect(h.fake.responses).toEqual([]);
    expect(await h.bot.service.listActive()).toEqual([]);
  });

  it('accepts the same request when it is signed correctly (so the 401s above are about the signature)', async () => {
    const reply = await h.slack.command({ text: 'list', user: 'UALICE', responseUrl: h.fake.responseUrl('ok') });
    expect(reply.status).toBe(200);
    await h.fake.waitFor(() => h.fake.responses.length === 1, 'the list reply');
  });

  it('refuses a forged click without touching the release', async () => {
    const { thread, releaseId } = await startRelease(h, { user: 'UALICE', title: 'Signed', deployAt: now() + 86_400 * 3 });
    const m1 = messageWithStep(h, thread, 1);
    const updates = h.fake.callsTo('chat.update').length;
    const signed = await click(h, m1, 'step_done:1', 'UBOB');
    expect(signed.reply.status).toBe(200);
    await waitUntil(async () => (await h.bot.service.get(releaseId)).steps[0]?.state === 'done', 'the genuine click');
    const form = new URLSearchParams({ payload: JSON.stringify({ ...signed.payload, actions: [{ ...(signed.payload.actions as Json[])[0], action_id: 'step_done:2', value: `${releaseId}|2` }] }) }).toString();
    expect((await h.slack.send(form, 'application/x-www-form-urlencoded', { secret: 'wrong' })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect((await h.bot.service.get(releaseId)).steps[1]?.state).toBe('open');
    expect(h.fake.callsTo('chat.update').length).toBeGreaterThan(updates);
  });
});

describe('Slack retries and repeated deliveries', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('records a click once when Slack delivers it again, with or without X-Slack-Retry-Num', async () => {
    const { thread, releaseId } = await startRelease(h, { user: 'UALICE', title: 'Retried', deployAt: now() + 86_400 * 3 });
    const m1 = messageWithStep(h, thread, 1);
    const actionTs = h.slack.nextActionTs();
    const first = await click(h, m1, 'step_done:1', 'UBOB', { actionTs });
    await waitUntil(async () => (await h.bot.service.get(releaseId)).steps[0]?.state === 'done', 'the click');
    // The message is updated after the store: wait until it offers Undo, as a person would.
    await waitUntil(async () => findElement(h.fake.messages.get(m1.ts)!.blocks as never, 'step_undo:1') !== undefined, 'the updated message');
    // Bob undoes it, then the original "Done" is delivered again twice: it must not redo the step.
    await click(h, messageWithStep(h, thread, 1), 'step_undo:1', 'UBOB');
    await waitUntil(async () => (await h.bot.service.get(releaseId)).steps[0]?.state === 'open', 'the undo');
    const form = new URLSearchParams({ payload: JSON.stringify(first.payload) }).toString();
    const again = await Promise.all([
      h.slack.send(form, 'application/x-www-form-urlencoded', { retryNum: 1 }),
      h.slack.send(form, 'application/x-www-form-urlencoded'),
    ]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 300));
    const release = await h.bot.service.get(releaseId);
    expect(release.steps[0]?.state).toBe('open');
    expect(release.audit.filter((a) => a.action === 'complete' && a.stepId === release.steps[0]?.stepId)).toHaveLength(1);
  });

  it('starts one release when the final modal submission arrives twice', async () => {
    await h.slack.command({ text: 'new Twice', user: 'UALICE', responseUrl: h.fake.responseUrl() });
    const opened = h.fake.callsTo('views.open').length;
    const view = (await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened - 1], 'modal')).body.view as Json;
    const step1 = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VTWICE', values: stateFor(view, { title: 'Twice', deployAt: now() + 86_400 * 3, ...MINOR_ANSWERS }) }));
    const modelView = step1.json?.view as Json;
    const before = (await h.bot.service.listActive()).length;
    const summaries = h.fake.posted(CHANNEL).filter((m) => !m.thread_ts).length;
    const submit = viewSubmission({ user: 'UALICE', view: modelView, viewId: 'VTWICE', values: stateFor(modelView, {}) });
    await h.slack.interactive(submit);
    await h.fake.waitFor(() => h.fake.posted(CHANNEL).filter((m) => !m.thread_ts).length === summaries + 1, 'the summary');
    await waitUntil(async () => (await h.bot.service.listActive()).some((r) => r.title === 'Twice' && Object.keys(r.location.messageIds).length > 1), 'the thread stored');
    await h.slack.interactive(submit, { retryNum: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.bot.service.listActive()).length).toBe(before + 1);
    expect(h.fake.posted(CHANNEL).filter((m) => !m.thread_ts).length).toBe(summaries + 1);
  });

  it('cancels once when the same command delivery is repeated', async () => {
    const { releaseId, summary } = await startRelease(h, { user: 'UALICE', title: 'To cancel', deployAt: now() + 86_400 * 3 });
    const triggerId = `${Date.now()}.cancel.trigger`;
    const cmd = { text: `cancel ${releaseId} superseded`, user: 'UALICE', responseUrl: h.fake.responseUrl('cancel'), triggerId };
    await Promise.all([h.slack.command(cmd), h.slack.command(cmd, { retryNum: 1 })]);
    await h.fake.waitFor(() => h.fake.responses.filter((r) => r.path.includes('/cancel-')).length >= 2, 'both replies');
    const release = await h.bot.service.get(releaseId);
    expect(release.status).toBe('cancelled');
    expect(release.audit.filter((a) => a.action === 'cancel')).toHaveLength(1);
    // The thread line is posted after the reply, in the background: wait for every surface to catch up first.
    await h.bot.core.notifier.idle();
    expect(h.fake.posted(CHANNEL).filter((m) => m.thread_ts === summary.ts && /cancelled/.test(m.text ?? ''))).toHaveLength(1);
  });

  it('publishes App Home again for a retried app_home_opened event and records nothing', async () => {
    const publishes = h.fake.callsTo('views.publish').length;
    const event = { type: 'app_home_opened', user: 'UALICE', channel: 'D1', tab: 'home', event_ts: '1.1' };
    expect((await h.slack.event(event, { eventId: 'EvSAME' })).status).toBe(200);
    expect((await h.slack.event(event, { eventId: 'EvSAME', retryNum: 1 })).status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('views.publish').length === publishes + 2, 'two publishes');
  });
});

describe('Slack errors people can act on', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows a reference id for an unexpected failure and logs the full error under it', async () => {
    h.fake.failNext('views.open', { error: 'internal_error' });
    await h.slack.command({ text: '', user: 'UALICE', responseUrl: h.fake.responseUrl('boom') });
    await h.fake.waitFor(() => h.fake.responses.length === 1, 'the ephemeral');
    const text = String(h.fake.responses[0]?.body.text);
    const ref = /ref (ERR-[0-9A-F]{6})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    const logged = h.logs.map((l) => JSON.parse(l) as Json).find((l) => l.ref === ref);
    expect(logged?.level).toBe('error');
    expect(JSON.stringify(logged)).toContain('internal_error');
    expect(h.logs.join('\n')).not.toContain('xoxb-test');
  });

  it('says why for a release error, such as an unknown release', async () => {
    await h.slack.command({ text: 'status R-404', user: 'UALICE', responseUrl: h.fake.responseUrl('missing') });
    await h.fake.waitFor(() => h.fake.responses.length === 2, 'the ephemeral');
    expect(String(h.fake.responses[1]?.body.text)).toMatch(/There is no release R-404/);
  });

  it('tells the starter in a direct message when Slack refuses the channel, and posts once invited', async () => {
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await h.slack.command({ text: 'new Private', user: 'UALICE', channel: 'GPRIVATE', responseUrl: h.fake.responseUrl() });
    const view = (await h.fake.waitFor(() => h.fake.callsTo('views.open').at(-1), 'modal')).body.view as Json;
    const step1 = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VPRIV', values: stateFor(view, { title: 'Private', deployAt: now() + 86_400 * 3, ...MINOR_ANSWERS }) }));
    const modelView = step1.json?.view as Json;
    await h.slack.interactive(viewSubmission({ user: 'UALICE', view: modelView, viewId: 'VPRIV', values: stateFor(modelView, {}) }));
    const dm = await h.fake.waitFor(() => h.fake.posted('UALICE')[0], 'the direct message');
    expect(dm.text).toMatch(/cannot post in <#GPRIVATE> \(not_in_channel\).*\/release status R-\d+/);
    const releaseId = /(R-\d+)/.exec(dm.text ?? '')![1]!;
    await h.slack.command({ text: `status ${releaseId}`, user: 'UALICE', channel: 'GPRIVATE', responseUrl: h.fake.responseUrl() });
    await h.fake.waitFor(() => h.fake.posted('GPRIVATE').some((m) => !m.thread_ts), 'the release posted after the invitation');
    await waitUntil(async () => Object.keys((await h.bot.service.get(releaseId)).location.messageIds).length > 1, 'stored');
  });

  it('says the release was started when posting it fails unexpectedly, with a reference that is in the log', async () => {
    const dms = h.fake.posted('UCAROL').length;
    const opened = h.fake.callsTo('views.open').length;
    await h.slack.command({ text: 'new Unlucky', user: 'UCAROL', responseUrl: h.fake.responseUrl() });
    const view = (await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened], 'modal')).body.view as Json;
    const step1 = await h.slack.interactive(viewSubmission({ user: 'UCAROL', view, viewId: 'VUNLUCKY', values: stateFor(view, { title: 'Unlucky', deployAt: now() + 86_400 * 3, ...MINOR_ANSWERS }) }));
    const modelView = step1.json?.view as Json;
    h.fake.failNext('chat.postMessage', { error: 'internal_error' });
    await h.slack.interactive(viewSubmission({ user: 'UCAROL', view: modelView, viewId: 'VUNLUCKY', values: stateFor(modelView, {}) }));
    const dm = await h.fake.waitFor(() => h.fake.posted('UCAROL')[dms], 'the direct message');
    expect(dm.text).toMatch(/^I started R-\d+ \(Unlucky\), but posting it in <#C0RELEASE> failed \(ref ERR-[0-9A-F]{6}\)\. The release is recorded/);
    expect(dm.text).not.toMatch(/Nothing else was changed/);
    const ref = /ref (ERR-[0-9A-F]{6})/.exec(dm.text ?? '')![1];
    expect(h.logs.map((l) => JSON.parse(l) as Json).some((l) => l.ref === ref && JSON.stringify(l).includes('internal_error'))).toBe(true);
    expect((await h.bot.service.listActive()).some((r) => r.title === 'Unlucky')).toBe(true);
  });
});
