import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseMessages } from '../../adapters/teams/release-messages.js';
import { FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { TeamsBotUnderTest, users, button, deployInputs, eventually, nextId, type TeamsUser } from './teams-harness.js';

const answers = { title: 'Payments API v7', urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'medium', risk: 'medium', rollback: 'easy', ...deployInputs(48) };

/** Starts a release through the cards and returns what later clicks need. */
async function startRelease(t: TeamsBotUnderTest, user: TeamsUser = users.alice) {
  const post = t.channelPost(user, 'release');
  const root = post['id'] as string;
  await t.post(post);
  const form = t.connector.posts().at(-1)!.id!;
  const confirm = await t.invoke(t.execute(user, root, form, 'form.submit', { verb: 'form.submit' }, answers));
  const confirmActivity = t.execute(user, root, form, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Record<string, unknown>, { rb_model: 'minor' });
  await t.invoke(confirmActivity);
  await t.settled();
  const release = (await t.bot.service.listActive()).find((r) => r.location.threadId === root)!;
  return { root, form, release, confirmActivity };
}

describe('Teams: duplicates, bursts, throttling', () => {
  const t = new TeamsBotUnderTest();
  beforeAll(async () => {
    await t.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a redelivered start (same activity id) creates one release and posts its cards once', async () => {
    const { release, confirmActivity } = await startRelease(t);
    const postsBefore = t.connector.posts().length;
    const again = await t.invoke(confirmActivity);
    expect(again.type).toBe('application/vnd.microsoft.card.adaptive');
    expect((await t.bot.service.listActive()).filter((r) => r.title === 'Payments API v7')).toHaveLength(1);
    expect(t.connector.posts().slice(postsBefore).filter((c) => JSON.stringify(c.body).includes('checklist'))).toHaveLength(0);
    expect((await t.bot.service.get(release.id)).location.messageIds).toEqual(release.location.messageIds);
    // A second click on the same form (a new activity id: double click, or a stale copy) starts nothing new either.
    await t.invoke({ ...confirmActivity, id: nextId() });
    expect((await t.bot.service.listActive()).filter((r) => r.title === 'Payments API v7')).toHaveLength(1);
  });

  it('a redelivered text command is answered once, and a redelivered click is recorded once', async () => {
    const { root, release } = await startRelease(t);
    const list = t.threadReply(users.bob, root, 'list');
    const before = t.connector.posts().length;
    await t.post(list);
    await t.post(list);
    expect(t.connector.posts().length - before).toBe(1);

    const checklist = release.location.messageIds['phase:build']!;
    const done = button(t.connector.cardOf(checklist), 'step.complete', 'scope_agreed');
    const click = t.submit(users.bob, root, checklist, done['data'] as Record<string, unknown>);
    await t.post(click);
    await t.post(click);
    const audit = (await t.bot.service.get(release.id)).audit.filter((a) => a.stepId === 'scope_agreed');
    expect(audit).toHaveLength(1);
  });

  it('a click redelivered after a restart is still recorded once (the store dedupes by activity id)', async () => {
    const { root, release } = await startRelease(t);
    const checklist = release.location.messageIds['phase:build']!;
    const done = button(t.connector.cardOf(checklist), 'step.complete', 'peer_review');
    const click = t.execute(users.carol, root, checklist, 'step.complete', done['data'] as Record<string, unknown>);
    await t.invoke(click);
    await t.restart();
    const res = await t.invoke(click);
    expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
    const audit = (await t.bot.service.get(release.id)).audit.filter((a) => a.stepId === 'peer_review');
    expect(audit).toHaveLength(1);
  });

  it('50 concurrent clicks by different people are each recorded or refused by the rules, and every card ends showing the stored state', async () => {
    const { root, release } = await startRelease(t);
    const view = t.bot.service.view(release);
    const steps = view.phases.flatMap((p) => p.steps);
    const people = Array.from({ length: 50 }, (_, i) => ({ id: `29:user${i}`, name: `User ${i}`, aadObjectId: `aad-user-${i}` }));
    const clicks = people.map((person, i) => {
      const step = steps[i % steps.length]!;
      const messageId = Object.entries(release.location.messageIds).find(([k]) => k.startsWith('phase:'))![1];
      // Half complete, half "Assign to me": a real change, an already-done no-op, or a refusal by the rules (a step
      // someone else has taken; the deployment step, which only the release manager or its assignee records).
      const verb = i % 2 === 0 ? 'step.complete' : 'step.assign';
      return t.execute(person, root, messageId, verb, { verb, releaseId: release.id, step: step.stepId, n: step.number });
    });
    const responses = await Promise.all(clicks.map((c) => t.post(c)));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const refusals = responses.map((r) => r.body as { type: string; value: unknown }).filter((b) => b.type === 'application/vnd.microsoft.activity.message').map((b) => String(b.value));
    // Refused by the rules: the release manager's steps, and early-life-support steps before the deployment.
    for (const refusal of refusals) expect(refusal).toMatch(/^Only the release manager \(Alice Admin\)|belongs to early life support, which starts at the deployment/);
    expect(refusals.length).toBeGreaterThan(0);
    await t.settled();

    const stored = await t.bot.service.get(release.id);
    const expected = releaseMessages(t.bot.service.view(stored), 'UTC');
    for (const { key, card } of expected) {
      const id = stored.location.messageIds[key]!;
      expect(t.connector.cardOf(id), `message ${key}`).toEqual(JSON.parse(JSON.stringify(card)));
    }
    const allowed = (s: (typeof steps)[number]) => s.phase !== 'early_life_support' && !s.isDeploymentStep;
    const completed = new Set(steps.filter((s, i) => i % 2 === 0 && i < 50 && allowed(s)).map((s) => s.stepId));
    for (const id of completed) expect(stored.steps.find((s) => s.stepId === id)?.state).toBe('done');
    // Coalesced: far fewer card updates than clicks.
    const puts = t.connector.puts().filter((p) => Object.values(stored.location.messageIds).includes(p.activityId!));
    expect(puts.length).toBeLessThan(50 * 2);
  });

  it('a checklist card that was never posted (a failed post, or a part a smaller layout added) is posted with the next change', async () => {
    const { root, release } = await startRelease(t);
    const { ['phase:deployment']: lost, ...kept } = release.location.messageIds;
    expect(lost).toBeTruthy();
    // As stored before the layout had this part, or after its post failed for good.
    await t.bot.store.update(release.id, (r) => ({ release: { ...r, location: { ...r.location, messageIds: kept }, rev: r.rev + 1 }, result: undefined }));
    const checklist = release.location.messageIds['phase:build']!;
    await t.invoke(t.execute(users.bob, root, checklist, 'step.complete', button(t.connector.cardOf(checklist), 'step.complete', 'scope_agreed')['data'] as Record<string, unknown>));
    await t.settled();
    const reposted = (await t.bot.service.get(release.id)).location.messageIds['phase:deployment'];
    expect(reposted).toBeTruthy();
    expect(reposted).not.toBe(lost);
    expect(JSON.stringify(t.connector.cardOf(reposted!))).toContain('checklist');
  });

  it('retries a connector that answers 429 and then 200, and the reply arrives once', async () => {
    // The faults below are for this reply, not for card updates still catching up with the test before.
    await t.settled();
    const post = t.channelPost(users.bob, 'help');
    const before = t.connector.calls.length;
    t.connector.failNext(2, 429, 0);
    const res = await t.post(post);
    expect(res.status).toBe(200);
    const conversation = (post['conversation'] as { id: string }).id;
    const calls = t.connector.calls.slice(before).filter((c) => c.conversationId === conversation);
    expect(calls.map((c) => c.status)).toEqual([429, 429, 201]);
    expect(calls.filter((c) => c.status === 201)).toHaveLength(1);
  });

  it('follows Teams to a new service URL: later updates and reminders go there', async () => {
    const { root, release } = await startRelease(t);
    const moved = await new FakeBotConnector().start();
    try {
      const checklist = release.location.messageIds['phase:build']!;
      const done = button(t.connector.cardOf(checklist), 'step.complete', 'scope_agreed');
      const click = { ...t.execute(users.bob, root, checklist, 'step.complete', done['data'] as Record<string, unknown>), serviceUrl: moved.url };
      await t.invoke(click);
      // Recorded after the reply, so the click does not wait for it.
      const serviceUrl = async () => ((await t.bot.service.get(release.id)).location.conversationRef as { serviceUrl: string }).serviceUrl;
      await eventually(async () => (await serviceUrl()) === moved.url, 'the new service URL in the store');
      await t.settled();
      expect(moved.puts().map((p) => p.activityId)).toContain(checklist);
    } finally {
      await moved.close();
    }
  });

  it('answers an unexpected failure with a short reference that matches the full log entry', async () => {
    const { root, form } = await startRelease(t);
    // "Edit answers" whose answers are not a record of strings: a bug path, not something a person can fix.
    const res = await t.invoke(t.execute(users.bob, root, form, 'form.edit', { verb: 'form.edit', answers: 42 }));
    expect(res.type).toBe('application/vnd.microsoft.activity.message');
    const ref = /\(ref (ERR-[0-9A-F]{6})\)/.exec(String(res.value))?.[1];
    expect(ref).toBeTruthy();
    const logged = t.logs.find((l) => l.includes(ref!));
    expect(logged).toMatch(/"level":"error"/);
    expect(logged).toMatch(/stack/);
  });

  it('answers a malformed activity with 400, and an unknown release with a clear message', async () => {
    const bad = await t.post({ type: 'message', text: 'hi' });
    expect(bad.status).toBe(400);
    const post = t.channelPost(users.bob, 'status R-404');
    await t.post(post);
    expect(JSON.stringify(t.connector.posts().at(-1)!.body)).toMatch(/R-404/);
  });
});
