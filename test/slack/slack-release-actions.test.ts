import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MINOR_ANSWERS, click, startHarness, startRelease, stateFor, waitUntil, type Harness } from './slack-harness.js';
import { findElement, messageAction, viewSubmission } from '../helpers/slack-signing.js';
import type { FakeMessage } from '../helpers/fake-slack-api.js';
import { recordedProblems } from './assert-block-kit.js';

type Json = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);
/** Answers that classify as Major, whose model has early life support. */
const MAJOR_ANSWERS = { ...MINOR_ANSWERS, impact: 'high' };

describe('Slack release buttons on the summary: deploy, reschedule, cancel, close', () => {
  let h: Harness;
  let summary: FakeMessage;
  let thread: FakeMessage[];
  let releaseId: string;
  const blocksOf = (m: FakeMessage) => JSON.stringify(h.fake.messages.get(m.ts)?.blocks ?? []);
  const buttons = (m: FakeMessage) => [...blocksOf(m).matchAll(/"action_id":"(release_[a-z]+)"/g)].map((x) => x[1]);
  const threadLines = () => h.fake.posted(CHANNEL).filter((m) => m.thread_ts === summary.ts && !thread.some((t) => t.ts === m.ts)).map((m) => m.text ?? '');

  /** Clicks a summary button that opens a modal, and returns the modal the app opened. */
  async function openModal(actionId: string, user: string): Promise<Json> {
    const opened = h.fake.callsTo('views.open').length;
    expect((await click(h, summary, actionId, user)).reply.status).toBe(200);
    return (await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened], `the modal of ${actionId}`)).body.view as Json;
  }

  beforeAll(async () => {
    h = await startHarness();
    ({ summary, thread, releaseId } = await startRelease(h, { user: 'UALICE', title: 'Payments v3', deployAt: now() + 86_400 * 5, answers: MAJOR_ANSWERS }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows Mark deployed (asking for confirmation), Reschedule… and Cancel… before the deployment', async () => {
    expect((await h.bot.service.get(releaseId)).model.id).toBe('major');
    expect(buttons(summary)).toEqual(['release_deploy', 'release_reschedule', 'release_cancel']);
    const deploy = (h.fake.messages.get(summary.ts)!.blocks.find((b) => b.type === 'actions' && String(b.block_id).startsWith('release-actions:')) as { elements: Json[] }).elements[0]!;
    expect(deploy).toMatchObject({ text: { text: 'Mark deployed' }, style: 'primary', value: releaseId, confirm: { confirm: { text: 'Mark deployed' } } });
  });

  it('reschedules through the date-time picker and says so in the thread', async () => {
    const view = await openModal('release_reschedule', 'UALICE');
    expect(JSON.stringify(view.blocks)).toContain('"datetimepicker"');
    // Nothing picked: the core refuses the missing time beside the field, and nothing changes.
    const empty = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VRESCHED0', values: stateFor(view, {}) }));
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { when: expect.stringMatching(/is not a date and time/) } });
    const when = now() + 86_400 * 2;
    const done = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VRESCHED1', values: stateFor(view, { when }) }));
    expect(done.status).toBe(200);
    expect(done.text).toBe('');
    expect((await h.bot.service.get(releaseId)).plannedAt).toBe(new Date(when * 1000).toISOString());
    const at = new Date(when * 1000).toUTCString().replace(/^(\w+), 0?(\d+) (\w+) (\d+) (\d\d:\d\d).*$/, '$1 $2 $3 $4, $5 UTC');
    await h.fake.waitFor(() => threadLines().some((t) => t === `${releaseId} now deploys at ${at} (moved by <@UALICE>); reminders moved with it.`), 'the reschedule line');
  });

  /** A typed command, answered privately through its response_url. */
  async function command(text: string, user = 'UALICE'): Promise<string> {
    const tag = `cmd-${Math.random().toString(36).slice(2)}`;
    await h.slack.command({ text, user, responseUrl: h.fake.responseUrl(tag) });
    const reply = await h.fake.waitFor(() => h.fake.responses.find((r) => r.path.includes(tag)), `the answer to ${text}`);
    return JSON.stringify(reply.body);
  }

  it('refuses Mark deployed while the gates and required steps are missing, naming each, until they are done', async () => {
    const responses = h.fake.responses.length;
    expect((await click(h, summary, 'release_deploy', 'UALICE')).reply.status).toBe(200);
    const refusal = await h.fake.waitFor(() => h.fake.responses.slice(responses).find((r) => /cannot be deployed yet/.test(JSON.stringify(r.body))), 'the refusal');
    expect(JSON.stringify(refusal.body)).toMatch(/missing Change approval, Go\/no-go decision, step \d+ .*override &lt;reason&gt;/);
    expect(await command(`gates ${releaseId}`)).toMatch(/may not be deployed yet.*Change approval \(approval\): open; decided by approver: nobody yet/);
    expect(await command(`approve ${releaseId} approval`)).toMatch(/Nobody holds the approver role here/);
    expect(await command('roles add approver <@UALICE|alice>')).toMatch(/Approver: added <@UALICE>/);
    expect(await command(`approve ${releaseId} looks good`)).toMatch(/“Change approval” and “Go\/no-go decision” approved by <@UALICE> \(looks good\)\. Still missing before deployment: step/);
    const release = await h.bot.service.get(releaseId);
    for (const [i, s] of release.model.steps.entries()) if (s.requiredBeforeDeploy) await command(`done ${i + 1} ${releaseId}`);
    expect(await command(`gates ${releaseId}`)).toMatch(/is ready to deploy/);
    expect((await h.bot.service.get(releaseId)).status).not.toBe('els');
  });

  it('records Mark deployed with who did it, and swaps the buttons for Close… and Cancel…', async () => {
    expect((await click(h, summary, 'release_deploy', 'UALICE')).reply.status).toBe(200);
    await waitUntil(async () => (await h.bot.service.get(releaseId)).status === 'els', 'the release in early life support');
    expect((await h.bot.service.get(releaseId)).deployedAt).toBeDefined();
    await h.fake.waitFor(() => buttons(summary).join() === 'release_close,release_cancel' && blocksOf(summary).includes('(deployed)'), 'the summary after the deployment');
    await h.fake.waitFor(() => threadLines().some((t) => /done by <@UALICE>\. R-\d+ is now deployed\.$/.test(t)), 'the deploy line in the thread');
    // The reschedule, the gate decision and this one; reminders in the thread mention people too, but say nobody did anything.
    expect(threadLines().filter((t) => t.includes('by <@UALICE>'))).toHaveLength(3);
    expect(threadLines().some((t) => /“Change approval” and “Go\/no-go decision” approved by <@UALICE>/.test(t))).toBe(true);
  });

  it('refuses a Close by someone who is not the release manager, beside the field, naming them as Slack shows them, and stores nothing', async () => {
    const view = await openModal('release_close', 'UBOB');
    const values = stateFor(view, { outcome: 'success', els_incidents: 0, els_exit: 'met' });
    const refused = await h.slack.interactive(viewSubmission({ user: 'UBOB', view, viewId: 'VCLOSEBOB', values }));
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { outcome: expect.stringMatching(/^Only the release manager \(name-UALICE\) can close R-\d+\.$/) } });
    const release = await h.bot.service.get(releaseId);
    expect(release.status).toBe('els');
    expect(release.outcome).toBeUndefined();
  });

  it('asks for the ELS result while in early life support: a bad count comes back beside its field and nothing is stored', async () => {
    const view = await openModal('release_close', 'UALICE');
    const blocks = view.blocks as Json[];
    expect(blocks.filter((b) => b.type === 'input').map((b) => [b.block_id, (b.element as Json).type, b.optional ?? false])).toEqual([
      ['outcome', 'radio_buttons', false],
      ['incidents', 'plain_text_input', true],
      ['els_incidents', 'number_input', false],
      ['els_exit', 'radio_buttons', false],
    ]);
    for (const [els_incidents, error] of [[-1, /not a number of incidents/], ['2.5', /not a number of incidents/], [undefined, /Give the number of incidents/]] as const) {
      const bad = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VCLOSE1', values: stateFor(view, { outcome: 'hotfix', incidents: 'INC-7', els_incidents, els_exit: 'unmet' }) }));
      expect(bad.json).toMatchObject({ response_action: 'errors', errors: { els_incidents: expect.stringMatching(error) } });
    }
    const noExit = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VCLOSE1', values: stateFor(view, { outcome: 'hotfix', els_incidents: 1 }) }));
    expect(noExit.json).toMatchObject({ response_action: 'errors', errors: { els_exit: expect.stringMatching(/exit criteria/) } });
    const release = await h.bot.service.get(releaseId);
    expect([release.status, release.outcome, release.audit.filter((a) => a.action === 'close')]).toEqual(['els', undefined, []]);
  });

  it('closes with the outcome, incidents and ELS result, says so in the thread and removes every button', async () => {
    const view = (h.fake.callsTo('views.open').at(-1)!.body.view) as Json;
    const values = stateFor(view, { outcome: 'hotfix', incidents: 'INC-7, INC-9', els_incidents: 2, els_exit: 'unmet' });
    const ok = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VCLOSE1', values }));
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const release = await h.bot.service.get(releaseId);
    expect(release.status).toBe('closed');
    expect(release.outcome).toMatchObject({ result: 'hotfix', incidents: ['INC-7', 'INC-9'], els: { incidents: 2, exitCriteriaMet: false }, closedBy: { id: 'slack:UALICE' } });
    await h.fake.waitFor(() => threadLines().some((t) => t === `${releaseId} closed by <@UALICE>: needed a hotfix. Incidents: INC-7, INC-9. ELS: 2 incidents, exit criteria not met.`), 'the close line');
    await h.fake.waitFor(() => buttons(summary).length === 0 && blocksOf(summary).includes('Closed'), 'the summary without buttons');
    await h.fake.waitFor(() => thread.every((m) => !/"action_id"/.test(blocksOf(m))), 'the thread without buttons');
  });

  it('records a repeated close submission once', async () => {
    const lines = threadLines().length;
    const view = (h.fake.callsTo('views.open').at(-1)!.body.view) as Json;
    const values = stateFor(view, { outcome: 'hotfix', incidents: 'INC-7, INC-9', els_incidents: 2, els_exit: 'unmet' });
    const again = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VCLOSE1', values }), { retryNum: 1 });
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
    await new Promise((r) => setTimeout(r, 200));
    const release = await h.bot.service.get(releaseId);
    expect(release.audit.filter((a) => a.action === 'close')).toHaveLength(1);
    expect(threadLines()).toHaveLength(lines);
  });

  it('cancels another release with a reason through the Cancel… modal; a stale Reschedule… click is told why', async () => {
    const other = await startRelease(h, { user: 'UCAROL', title: 'Search tweaks', deployAt: now() + 86_400 * 3 });
    summary = other.summary;
    thread = other.thread;
    const before = structuredClone(h.fake.messages.get(summary.ts)!.blocks);
    const view = await openModal('release_cancel', 'UCAROL');
    expect(view).toMatchObject({ submit: { text: 'Cancel release' } });
    const res = await h.slack.interactive(viewSubmission({ user: 'UCAROL', view, viewId: 'VCANCEL1', values: stateFor(view, { cancel_reason: 'Replaced by a bigger release' }) }));
    expect(res.text).toBe('');
    expect((await h.bot.service.get(other.releaseId)).status).toBe('cancelled');
    await h.fake.waitFor(() => threadLines().some((t) => t === `${other.releaseId} cancelled by <@UCAROL> (Replaced by a bigger release); its reminders are cancelled too.`), 'the cancel line');
    await h.fake.waitFor(() => buttons(summary).length === 0, 'the buttons gone');

    // A click on an old copy of the message (a client that has not caught up) gets a private reason.
    const found = findElement(before as never, 'release_reschedule')!;
    const responses = h.fake.responses.length;
    const opened = h.fake.callsTo('views.open').length;
    await h.slack.interactive(messageAction({ user: 'UCAROL', channel: CHANNEL, messageTs: summary.ts, block: found.block, element: found.element, actionTs: h.slack.nextActionTs(), responseUrl: h.fake.responseUrl('stale') }));
    await h.fake.waitFor(() => h.fake.responses.length > responses, 'the refusal');
    expect(h.fake.callsTo('views.open')).toHaveLength(opened);
    expect(JSON.stringify(h.fake.responses.at(-1)?.body)).toMatch(/cancelled: it can no longer be rescheduled/);
  });

  it('kept every message and view it sent within Block Kit limits', () => {
    expect(recordedProblems(h.fake.calls, h.fake.responses)).toEqual([]);
  });
});
