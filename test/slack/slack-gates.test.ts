import { rm } from 'node:fs/promises';
import { modelsWithFreeze } from '../helpers/models-with-freeze.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MINOR_ANSWERS, click, startHarness, startRelease, stateFor, waitUntil, type Harness } from './slack-harness.js';
import { messageAction, viewSubmission } from '../helpers/slack-signing.js';
import type { FakeMessage } from '../helpers/fake-slack-api.js';
import { recordedProblems } from './assert-block-kit.js';

type Json = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);
const MAJOR_ANSWERS = { ...MINOR_ANSWERS, impact: 'high' };

/*
 * Gates through Slack's own UI: Approve and Reject… on the release summary, a reason modal for Reject, the roles
 * picker, and the freeze reason on the start form. Signed requests against the local fake Slack Web API.
 */
describe('Slack: gates on the summary, the roles picker', () => {
  let h: Harness;
  let summary: FakeMessage;
  let releaseId: string;
  const current = () => h.fake.messages.get(summary.ts)!;
  const gateBlock = (gateId: string) => (current().blocks as Json[]).find((b) => b.block_id === `gate:${releaseId}:${gateId}`) as (Json & { elements: Json[] }) | undefined;

  /** Clicks one of a gate's buttons on the summary as it stands now. */
  async function clickGate(gateId: string, actionId: string, user: string) {
    const block = gateBlock(gateId);
    if (!block) throw new Error(`no buttons for gate ${gateId}`);
    const element = block.elements.find((e) => e.action_id === actionId)!;
    const responseUrl = h.fake.responseUrl(`gate-${Math.random().toString(36).slice(2)}`);
    const payload = messageAction({ user, channel: CHANNEL, messageTs: summary.ts, block: block as never, element, actionTs: h.slack.nextActionTs(), responseUrl });
    expect((await h.slack.interactive(payload)).status).toBe(200);
    return responseUrl;
  }
  const answerAt = (url: string) => h.fake.waitFor(() => h.fake.responses.find((r) => url.endsWith(r.path) || r.path === new URL(url).pathname), `the answer at ${url}`).then((r) => JSON.stringify(r.body));
  async function command(text: string, user: string): Promise<Json> {
    const tag = `cmd-${Math.random().toString(36).slice(2)}`;
    await h.slack.command({ text, user, responseUrl: h.fake.responseUrl(tag) });
    return (await h.fake.waitFor(() => h.fake.responses.find((r) => r.path.includes(tag)), `the answer to ${text}`)).body;
  }
  async function newModal(before: number, what: string): Promise<Json> {
    return (await h.fake.waitFor(() => h.fake.callsTo('views.open')[before], what)).body.view as Json;
  }

  beforeAll(async () => {
    h = await startHarness();
    ({ summary, releaseId } = await startRelease(h, { user: 'UALICE', title: 'Ledger v2', deployAt: now() + 86_400 * 5, answers: MAJOR_ANSWERS }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows Approve and Reject… for each gate, and refuses Approve from someone without the role, recording nothing', async () => {
    await waitUntil(async () => Boolean(gateBlock('approval') && gateBlock('go')), 'the gate buttons');
    expect(gateBlock('approval')!.elements.map((e) => [e.action_id, (e.text as Json).text])).toEqual([['gate_approve', 'Approve “Change approval”'], ['gate_reject', 'Reject…']]);
    expect(gateBlock('approval')!.elements[0]).toMatchObject({ value: `${releaseId}|approval`, confirm: { confirm: { text: 'Approve' } } });
    const url = await clickGate('approval', 'gate_approve', 'UBOB');
    expect(await answerAt(url)).toContain('Nobody holds the approver role here');
    const release = await h.bot.service.get(releaseId);
    expect(release.gates?.find((g) => g.gateId === 'approval')?.state).toBe('open');
    expect(release.audit.some((a) => a.action === 'approve')).toBe(false);
  });

  it('names approvers with the roles picker, then approves from the button and drops that gate’s buttons', async () => {
    const listing = await command('roles', 'UALICE');
    const blocks = listing.blocks as Json[];
    const actions = blocks.find((b) => b.type === 'actions') as Json & { elements: Json[] };
    expect(actions.elements[0]).toMatchObject({ action_id: 'roles_edit', value: CHANNEL });
    const opened = h.fake.callsTo('views.open').length;
    const payload = messageAction({ user: 'UALICE', channel: CHANNEL, messageTs: '1700000000.999999', block: actions as never, element: actions.elements[0]!, actionTs: h.slack.nextActionTs() });
    expect((await h.slack.interactive(payload)).status).toBe(200);
    const view = await newModal(opened, 'the roles modal');
    expect(view.callback_id).toBe('roles_change');
    const done = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VROLES1', values: stateFor(view, { roles_role: 'approver', roles_op: 'add', roles_people: 'UCAROL,UDAVE' }) }));
    expect(done.status).toBe(200);
    const confirmation = await h.fake.waitFor(() => h.fake.callsTo('chat.postEphemeral').find((c) => JSON.stringify(c.body).includes('Approver: added')), 'the roles confirmation');
    expect(confirmation.body).toMatchObject({ channel: CHANNEL, user: 'UALICE' });
    expect(JSON.stringify(confirmation.body)).toContain('Approver: added <@UCAROL>, <@UDAVE> (by <@UALICE>).');

    await clickGate('approval', 'gate_approve', 'UCAROL');
    await waitUntil(async () => (await h.bot.service.get(releaseId)).gates?.find((g) => g.gateId === 'approval')?.state === 'approved', 'the approval');
    await waitUntil(async () => gateBlock('approval') === undefined, 'the approval buttons gone');
    expect(gateBlock('go')).toBeDefined();
    expect(JSON.stringify(current().blocks)).toContain(':white_check_mark: Change approval (<@UCAROL>)');
  });

  it('asks for a reason on Reject…, refuses an empty one beside the field, and records the rejection', async () => {
    const opened = h.fake.callsTo('views.open').length;
    await clickGate('go', 'gate_reject', 'UALICE');
    const view = await newModal(opened, 'the reject modal');
    expect(view.callback_id).toBe('gate_reject');
    const empty = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VREJ1', values: stateFor(view, {}) }));
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { reject_reason: expect.stringMatching(/Say why you reject it/) } });
    const done = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VREJ2', values: stateFor(view, { reject_reason: 'rollback <!channel> not rehearsed' }) }));
    expect(done.status).toBe(200);
    await waitUntil(async () => (await h.bot.service.get(releaseId)).gates?.find((g) => g.gateId === 'go')?.state === 'rejected', 'the rejection');
    const release = await h.bot.service.get(releaseId);
    expect(release.gates?.find((g) => g.gateId === 'go')).toMatchObject({ by: { id: 'slack:UALICE' }, note: 'rollback <!channel> not rehearsed' });
    // A rejected gate can be approved again, not rejected twice.
    await waitUntil(async () => JSON.stringify(gateBlock('go')?.elements.map((e) => e.action_id)) === '["gate_approve"]', 'only Approve left on the rejected gate');
    expect(JSON.stringify(current().blocks)).not.toContain('<!channel>');
  });

  it('refuses Mark deployed while a gate is rejected, and deploys on the release manager’s override with its reason', async () => {
    const clicked = await click(h, summary, 'release_deploy', 'UALICE');
    expect(clicked.reply.status).toBe(200);
    await h.fake.waitFor(() => [...h.fake.responses.map((r) => r.body), ...h.fake.callsTo('chat.postEphemeral').map((c) => c.body)].find((b) => /cannot be deployed yet: missing Go\/no-go decision \(rejected\)/.test(JSON.stringify(b))), 'the refusal').catch((e: unknown) => {
      throw new Error(`${String(e)}: ${JSON.stringify(h.fake.responses.slice(-3))} ${JSON.stringify(h.fake.callsTo('chat.postEphemeral').slice(-2).map((c) => c.body))}`);
    });
    expect(JSON.stringify(await command(`deploy ${releaseId} override`, 'UBOB'))).toMatch(/Only the release manager|Say why/);
    expect(JSON.stringify(await command(`deploy ${releaseId} override CAB chair said go by phone`, 'UALICE'))).toMatch(/is now deployed/);
    expect((await h.bot.service.get(releaseId)).deployOverride).toMatchObject({ reason: 'CAB chair said go by phone', missing: expect.arrayContaining(['Go/no-go decision (rejected)', expect.stringMatching(/^step \d+ “Rehearse the rollback/)]) });
    await waitUntil(async () => JSON.stringify(current().blocks).includes(':warning: deployed with an override by <@UALICE>: CAB chair said go by phone'), 'the override on the summary');
    expect(gateBlock('go')).toBeUndefined();
  });

  it('kept every message and view it sent within Block Kit limits', () => {
    expect(recordedProblems(h.fake.calls, h.fake.responses)).toEqual([]);
  });
});

describe('Slack: the freeze reason on the start form', () => {
  let h: Harness;
  let modelsDir: string;

  beforeAll(async () => {
    modelsDir = (await modelsWithFreeze('Launch <week>')).dir;
    h = await startHarness({ MODELS_DIR: modelsDir });
  });
  afterAll(async () => {
    await h?.stop();
    await rm(modelsDir, { recursive: true, force: true });
  });

  it('asks why when the planned time falls in a window, refuses a start without a reason beside it, and records one with it', async () => {
    const opened = h.fake.callsTo('views.open').length;
    await h.slack.command({ text: 'new Pricing v4', user: 'UALICE', channel: CHANNEL, responseUrl: h.fake.responseUrl() });
    const view = (await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened], 'the question modal')).body.view as Json;
    const step1 = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VFRZ', values: stateFor(view, { title: 'Pricing v4', deployAt: now() + 86_400, ...MINOR_ANSWERS }) }));
    const modelView = step1.json?.view as Json;
    const text = JSON.stringify(modelView.blocks);
    expect(text).toContain('falls in the freeze window *Launch &lt;week&gt;*');
    expect(text).toContain('Not needed for emergency');
    const refused = await h.slack.interactive(viewSubmission({ user: 'UALICE', view: modelView, viewId: 'VFRZ', values: stateFor(modelView, {}) }));
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { freeze_reason: expect.stringMatching(/Say why it must deploy during “Launch <week>”/) } });
    const started = await h.slack.interactive(viewSubmission({ user: 'UALICE', view: modelView, viewId: 'VFRZ', values: stateFor(modelView, { freeze_reason: 'the regulator’s deadline' }) }));
    expect(started.status).toBe(200);
    await waitUntil(async () => (await h.bot.service.listActive()).length === 1, 'the release');
    const [release] = await h.bot.service.listActive();
    expect(release!.freezeOverrides).toEqual([expect.objectContaining({ windowId: 'launch', action: 'start', reason: 'the regulator’s deadline', by: expect.objectContaining({ id: 'slack:UALICE' }) })]);
    expect(recordedProblems(h.fake.calls, h.fake.responses)).toEqual([]);
  });
});
