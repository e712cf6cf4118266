import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MINOR_ANSWERS, click, messageWithStep, startHarness, stateFor, threadMessages, waitUntil, type Harness } from './slack-harness.js';
import { viewSubmission } from '../helpers/slack-signing.js';
import type { FakeMessage } from '../helpers/fake-slack-api.js';
import { recordedProblems } from './assert-block-kit.js';
import { chunkChecklist } from '../../adapters/slack/render/checklist-chunks.js';
import { renderPhaseMessage } from '../../adapters/slack/render/phase-message.js';
import { renderSummaryMessage } from '../../adapters/slack/render/summary-message.js';

type Json = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);

describe('Slack end to end: a release from /release to close', () => {
  let h: Harness;
  let summary: FakeMessage;
  let thread: FakeMessage[];
  let releaseId: string;
  const text = (m: FakeMessage) => JSON.stringify(h.fake.messages.get(m.ts)?.blocks ?? []);
  const lastResponse = () => JSON.stringify(h.fake.responses.at(-1)?.body ?? {});

  beforeAll(async () => {
    h = await startHarness();
    h.fake.members.set(CHANNEL, ['UALICE', 'UBOB', 'UCAROL', 'UDAVE', 'UERIN']);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('opens the question modal with native inputs and returns invalid answers as inline errors', async () => {
    const reply = await h.slack.command({ text: 'new Checkout v2', user: 'UALICE', responseUrl: h.fake.responseUrl() });
    expect(reply.status).toBe(200);
    const call = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0], 'views.open');
    const view = call.body.view as Json & { blocks: Json[] };
    expect(JSON.parse(String(view.private_metadata))).toEqual({ channelId: CHANNEL });
    const types = Object.fromEntries(view.blocks.map((b) => [b.block_id, (b.element as Json).type]));
    expect(types).toMatchObject({ 'q:title': 'plain_text_input', 'q:deployAt': 'datetimepicker', 'q:urgency': 'radio_buttons', 'q:userFacing': 'checkboxes' });
    expect((view.blocks[0]!.element as Json).initial_value).toBe('Checkout v2');

    // Two hours in the past without a reason, and the impact left out.
    const bad = stateFor(view, { title: 'Checkout v2', deployAt: now() - 7200, ...MINOR_ANSWERS, impact: undefined });
    const res = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VSTART1', values: bad }));
    expect(res.status).toBe(200);
    expect(res.json?.response_action).toBe('errors');
    const errors = res.json?.errors as Record<string, string>;
    expect(Object.keys(errors).sort()).toEqual(['q:backdateReason', 'q:impact']);
    expect(errors['q:backdateReason']).toMatch(/in the past/);

    const good = stateFor(view, { title: 'Checkout v2', deployAt: now() + 3600, ...MINOR_ANSWERS });
    const step1 = await h.slack.interactive(viewSubmission({ user: 'UALICE', view, viewId: 'VSTART1', values: good }));
    expect(step1.json?.response_action).toBe('update');
    const modelView = step1.json?.view as Json;
    expect(JSON.stringify(modelView)).toMatch(/Suggested model: \*Minor/);

    // Overriding without a reason is refused beside the reason field.
    const override = stateFor(modelView, {});
    override.model = { model: { type: 'static_select', selected_option: { value: 'major' } } };
    const refused = await h.slack.interactive(viewSubmission({ user: 'UALICE', view: modelView, viewId: 'VSTART1', values: override }));
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { override_reason: expect.stringMatching(/why/) } });

    const posted = await h.slack.interactive(viewSubmission({ user: 'UALICE', view: modelView, viewId: 'VSTART1', values: stateFor(modelView, {}) }));
    expect(posted.status).toBe(200);
    expect(posted.text).toBe('');
    summary = await h.fake.waitFor(() => h.fake.posted(CHANNEL).find((m) => !m.thread_ts), 'summary');
    releaseId = /^(R-\d+)/.exec(summary.text ?? '')![1]!;
    await waitUntil(async () => Object.keys((await h.bot.service.get(releaseId)).location.messageIds).length > 1, 'locations');
    thread = threadMessages(h, await h.bot.service.get(releaseId));
  });

  it('posts a compact summary and the checklist by phase in its thread, with the ts of each stored', async () => {
    const release = await h.bot.service.get(releaseId);
    const view = h.bot.service.view(release);
    expect(release.location).toMatchObject({ surface: 'slack', channelId: CHANNEL, threadId: summary.ts });
    expect(Object.keys(release.location.messageIds)).toEqual(['summary', ...chunkChecklist(view).map((c) => c.key)]);
    expect(thread.length).toBe(chunkChecklist(view).length);
    expect(text(summary)).toContain(`0/${view.progress.total}`);
    expect(text(summary)).toContain('<@UALICE>');
    expect(text(summary)).toMatch(/<!date\^\d+\^/);
  });

  it('records clicks by several people and updates the step message and the summary', async () => {
    const total = h.bot.service.view(await h.bot.service.get(releaseId)).progress.total;
    const m1 = messageWithStep(h, thread, 1);
    expect((await click(h, m1, 'step_done:1', 'UBOB')).reply.status).toBe(200);
    await h.fake.waitFor(() => text(m1).includes('done by <@UBOB>') && text(summary).includes(`1/${total}`), 'step 1 done in the thread and the summary');
    expect(text(m1)).toMatch(/done by <@UBOB> <!date\^\d+\^\{date_short_pretty\} \{time\}\|/);

    // Carol may not undo Bob's step: she is told why, privately, and nothing changes.
    const responses = h.fake.responses.length;
    await click(h, m1, 'step_undo:1', 'UCAROL');
    await h.fake.waitFor(() => h.fake.responses.length > responses, 'the refusal');
    expect(lastResponse()).toMatch(/Only ubob or the release manager/);
    expect(h.fake.responses.at(-1)?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect((await h.bot.service.get(releaseId)).steps[0]?.state).toBe('done');

    await click(h, m1, 'step_undo:1', 'UBOB');
    await h.fake.waitFor(() => !text(m1).includes('done by <@UBOB>') && text(m1).includes('step_done:1'), 'step 1 reopened');

    // Skip with a reason, through the small modal.
    const steps = h.bot.service.view(await h.bot.service.get(releaseId)).phases.flatMap((p) => p.steps);
    const skippable = steps.find((s) => s.skippable && s.number > 4)!.number;
    const m2 = messageWithStep(h, thread, skippable);
    const opened = h.fake.callsTo('views.open').length;
    await click(h, m2, `step_more:${skippable}`, 'UCAROL', { option: 'skip' });
    const skipView = (await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened], 'the skip modal')).body.view as Json;
    const skip = await h.slack.interactive(viewSubmission({ user: 'UCAROL', view: skipView, viewId: 'VSKIP1', values: { skip_reason: { value: { type: 'plain_text_input', value: 'No schema change in this release' } } } }));
    expect(skip.status).toBe(200);
    await h.fake.waitFor(() => text(m2).includes('skipped by <@UCAROL>') && text(m2).includes('No schema change'), 'the step skipped');

    // Assign to me, and assign someone else through the user picker.
    const m3 = messageWithStep(h, thread, 3);
    await click(h, m3, 'step_more:3', 'UDAVE', { option: 'assign_me' });
    await h.fake.waitFor(() => text(m3).includes('assigned to <@UDAVE>'), 'step 3 assigned to Dave');
    const m4 = messageWithStep(h, thread, 4);
    const opened2 = h.fake.callsTo('views.open').length;
    await click(h, m4, 'step_more:4', 'UALICE', { option: 'assign' });
    const assignView = (await h.fake.waitFor(() => h.fake.callsTo('views.open')[opened2], 'the assign modal')).body.view as Json;
    await h.slack.interactive(viewSubmission({ user: 'UALICE', view: assignView, viewId: 'VASSIGN1', values: { assignee: { value: { type: 'users_select', selected_user: 'UERIN' } } } }));
    await h.fake.waitFor(() => text(m4).includes('assigned to <@UERIN>'), 'step 4 assigned to Erin');
    expect((await h.bot.service.get(releaseId)).steps[3]?.assignee).toEqual({ id: 'slack:UERIN', name: 'name-UERIN' });
  });

  it('posts an overdue reminder in the thread with the draft announcement and the overdue note', async () => {
    const reminder = await h.fake.waitFor(() => h.fake.posted(CHANNEL).find((m) => m.thread_ts === summary.ts && /user communication/.test(m.text ?? '')), 'the reminder');
    const body = JSON.stringify(reminder.blocks);
    expect(body).toContain('*Draft announcement* (copy, adjust, send):\\n```');
    expect(body).toContain('overdue: already past due when it was planned, at the start or a reschedule');
    expect(body).toMatch(/<@U[A-Z]+>/);
    // It follows the checklist in the thread instead of interrupting it.
    expect(thread.every((m) => m.ts < reminder.ts)).toBe(true);
  });

  it('shows my open steps on App Home with working buttons', async () => {
    const published = h.fake.callsTo('views.publish').length;
    expect((await h.slack.event({ type: 'app_home_opened', user: 'UDAVE', channel: 'D1', tab: 'home', event_ts: '1.2' })).status).toBe(200);
    const home = (await h.fake.waitFor(() => h.fake.callsTo('views.publish')[published], 'views.publish')).body;
    expect(home.user_id).toBe('UDAVE');
    const homeText = JSON.stringify(home.view);
    expect(homeText).toContain('My open steps');
    expect(homeText).toContain('step_done:3');
    expect(homeText).toContain(`Active releases (1)`);
    expect(homeText).toContain(`<https://test.slack.com/archives/${CHANNEL}/p${summary.ts.replace('.', '')}|open thread>`);
    const blocks = (home.view as { blocks: Json[] }).blocks;
    const actions = blocks.find((b) => b.block_id === `home-actions:${releaseId}:3`) as Json & { elements: Json[] };
    const payload = {
      type: 'block_actions', user: { id: 'UDAVE', username: 'dave', name: 'dave', team_id: 'T0TEST' }, team: { id: 'T0TEST' }, trigger_id: 't', view: { id: 'VHOME', type: 'home' },
      container: { type: 'view', view_id: 'VHOME' }, actions: [{ ...actions.elements[0], block_id: actions.block_id, action_ts: h.slack.nextActionTs() }],
    };
    expect((await h.slack.interactive(payload)).status).toBe(200);
    await waitUntil(async () => (await h.bot.service.get(releaseId)).steps[2]?.state === 'done', 'step 3 done from Home');
    await h.fake.waitFor(() => h.fake.callsTo('views.publish').length > published + 1, 'Home republished');
    await h.fake.waitFor(() => text(messageWithStep(h, thread, 3)).includes('done by <@UDAVE>'), 'the thread updated from a Home click');
  });

  it('answers list, status, models, report, help and unknown sub-commands privately', async () => {
    for (const [cmd, expected] of [['list', `archives/${CHANNEL}/p${summary.ts.replace('.', '')}|open thread`], [`status ${releaseId}`, 'Open steps'], ['models', 'Release models'], ['report 30d', 'Release report: last 30 days'], ['help', 'close R-42'], ['frobnicate', 'Unknown command']] as const) {
      const n = h.fake.responses.length;
      await h.slack.command({ text: cmd, user: 'UALICE', responseUrl: h.fake.responseUrl(cmd.split(' ')[0]) });
      await h.fake.waitFor(() => h.fake.responses.length > n, `the answer to ${cmd}`);
      expect(h.fake.responses.at(-1)?.body.response_type).toBe('ephemeral');
      expect(lastResponse()).toContain(expected);
    }
  });

  it('assigns a step to a person @mentioned in the command, and refuses a name it cannot identify', async () => {
    const n = h.fake.responses.length;
    await h.slack.command({ text: `assign 2 ${releaseId} <@UFRANK|frank>`, user: 'UALICE', responseUrl: h.fake.responseUrl('assign') });
    await h.fake.waitFor(() => h.fake.responses.length > n, 'the assign reply');
    expect(lastResponse()).toMatch(new RegExp(`${releaseId}: step 2 “[^”]+” assigned to <@UFRANK>\\.`));
    expect((await h.bot.service.get(releaseId)).steps[1]?.assignee).toEqual({ id: 'slack:UFRANK', name: 'name-UFRANK' });
    await h.fake.waitFor(() => text(messageWithStep(h, thread, 2)).includes('assigned to <@UFRANK>'), 'step 2 assigned in the thread');

    const m = h.fake.responses.length;
    await h.slack.command({ text: `assign 2 ${releaseId} zed`, user: 'UALICE', responseUrl: h.fake.responseUrl('assign-unknown') });
    await h.fake.waitFor(() => h.fake.responses.length > m, 'the refusal');
    expect(lastResponse()).toContain('I do not know \\"zed\\" yet: @mention them');
  });

  it('records deploy and close from commands, announces them in the thread and removes the buttons', async () => {
    const n = h.fake.responses.length;
    await h.slack.command({ text: `deploy ${releaseId}`, user: 'UALICE', responseUrl: h.fake.responseUrl('deploy') });
    await h.fake.waitFor(() => h.fake.responses.length > n, 'deploy reply');
    expect(lastResponse()).toMatch(new RegExp(`${releaseId}: step \\d+ “[^”]+” done by <@UALICE>\\. ${releaseId} is now deployed\\.`));
    // The thread names the person as a mention, not by the name the command carried.
    const deployLine = await h.fake.waitFor(() => h.fake.posted(CHANNEL).find((m) => m.thread_ts === summary.ts && /is now deployed/.test(m.text ?? '')), 'the deploy line in the thread');
    expect(deployLine.text).toMatch(/done by <@UALICE>\. R-\d+ is now deployed\.$/);
    expect(deployLine.text).not.toMatch(/\bualice\b/);

    // A minor release is in early life support after deployment: closing it without the ELS result is refused.
    expect((await h.bot.service.get(releaseId)).status).toBe('els');
    const refusedAt = h.fake.responses.length;
    await h.slack.command({ text: `close ${releaseId} success`, user: 'UALICE', responseUrl: h.fake.responseUrl('close-no-els') });
    await h.fake.waitFor(() => h.fake.responses.length > refusedAt, 'the refusal of a close without the ELS result');
    expect(String(h.fake.responses.at(-1)?.body.text)).toBe(`:no_entry: ${releaseId} is in early life support: say how it went when you close it, the number of incidents during ELS and whether its exit criteria were met (e.g. close ${releaseId} success els:0 exit:met).`);
    expect((await h.bot.service.get(releaseId)).status).toBe('els');

    await h.slack.command({ text: `close ${releaseId} success els:0 exit:met`, user: 'UALICE', responseUrl: h.fake.responseUrl('close') });
    await h.fake.waitFor(() => h.fake.posted(CHANNEL).some((m) => m.thread_ts === summary.ts && m.text === `${releaseId} closed by <@UALICE>: success. ELS: 0 incidents, exit criteria met.`), 'the close line in the thread');
    const release = await h.bot.service.get(releaseId);
    expect(release.status).toBe('closed');
    await h.fake.waitFor(() => thread.every((m) => !text(m).includes('step_done')) && text(summary).includes('Closed'), 'buttons gone');

    // The final messages are exactly a render of what is stored.
    const view = h.bot.service.view(release);
    expect(h.fake.messages.get(summary.ts)?.blocks).toEqual(renderSummaryMessage(view, 'UTC').blocks);
    for (const chunk of chunkChecklist(view)) {
      const ts = release.location.messageIds[chunk.key]!;
      expect(h.fake.messages.get(ts)?.blocks).toEqual(renderPhaseMessage(view, chunk, 'UTC').blocks);
    }

    // A step command on a closed release gets a reason, not silence.
    const before = h.fake.responses.length;
    await h.slack.command({ text: `done 5 ${releaseId}`, user: 'UBOB', responseUrl: h.fake.responseUrl('late') });
    await h.fake.waitFor(() => h.fake.responses.length > before, 'the refusal');
    expect(lastResponse()).toMatch(/closed/i);
  });

  it('kept every message and view it sent within Block Kit limits', () => {
    expect(recordedProblems(h.fake.calls, h.fake.responses)).toEqual([]);
  });
});
