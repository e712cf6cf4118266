import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsBotUnderTest, users, actionsOf, button, cardText, deployInputs, BOT, CHANNEL, type TeamsUser } from './teams-harness.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
/** A user-facing change with high impact: the classification suggests the Major model, whose gates are approval and go. */
const majorAnswers = { urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'high', risk: 'medium', rollback: 'easy', ...deployInputs(48) };

type Json = Record<string, unknown>;
const member = (u: TeamsUser) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId });
const mention = (u: { id: string; name: string }) => ({ type: 'mention', text: `<at>${u.name}</at>`, mentioned: { id: u.id, name: u.name } });

/** The gate buttons of the summary: Approve (Action.Execute) and Reject… (Action.ShowCard with the reason and its submit). */
function gateActions(card: unknown, gateId: string): { approve?: Json; reject?: Json } {
  const actions = actionsOf(card);
  const approve = actions.find((a) => a['verb'] === 'gate.approve' && (a['data'] as Json)['gateId'] === gateId);
  const reject = actions.find((a) => a['type'] === 'Action.ShowCard' && actionsOf(a['card']).some((x) => x['verb'] === 'gate.reject' && (x['data'] as Json)['gateId'] === gateId));
  return { ...(approve ? { approve } : {}), ...(reject ? { reject } : {}) };
}

describe('Teams: gates on a major release, end to end over HTTP', () => {
  const t = new TeamsBotUnderTest();
  let root = '';
  let summary = '';
  let releaseId = '';
  const lastText = () => String(t.connector.posts().at(-1)!.body['text']);
  const stored = () => t.bot.service.get(releaseId);
  const click = (user: TeamsUser, verb: string, data: unknown, inputs: Record<string, string> = {}) =>
    t.invoke(t.execute(user, root, summary, verb, data as Json, inputs));

  beforeAll(async () => {
    await t.start();
    t.connector.rosters.set(CHANNEL, [users.alice, users.bob, users.carol].map(member));
    const post = t.channelPost(users.alice, 'release Ledger rewrite');
    root = post['id'] as string;
    await t.post(post);
    summary = t.connector.posts().at(-1)!.id!;
    const confirm = await t.invoke(t.execute(users.alice, root, summary, 'form.submit', { verb: 'form.submit' }, { title: 'Ledger rewrite', ...majorAnswers }));
    expect(cardText(confirm.value)).toContain('Suggested model: **Major release**');
    await t.invoke(t.execute(users.alice, root, summary, 'form.confirm', button(confirm.value, 'form.confirm')['data'] as Json, { rb_model: 'major' }));
    await t.settled();
    const release = (await t.bot.service.listActive()).find((r) => r.location.threadId === root)!;
    releaseId = release.id;
    expect(release.model.id).toBe('major');
    expect(release.location.messageIds['summary']).toBe(summary);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('the summary lists each gate with Approve and a Reject… that opens a required reason in place', () => {
    const card = t.connector.cardOf(summary)!;
    const text = cardText(card);
    expect(text).toContain('**Change approval** · open');
    expect(text).toContain('**Go/no-go decision** · open');
    for (const gate of ['approval', 'go']) {
      const { approve, reject } = gateActions(card, gate);
      expect(approve, gate).toMatchObject({ type: 'Action.Execute', title: 'Approve', data: { verb: 'gate.approve', releaseId, gateId: gate } });
      const form = (reject as { card: { body: Json[] } }).card;
      expect(form.body).toEqual([expect.objectContaining({ type: 'Input.Text', id: `reject_${gate}`, isRequired: true, maxLength: 500 })]);
    }
  });

  it('"Mark deployed" is refused while the gates are open, naming them; nothing is recorded', async () => {
    const res = await click(users.alice, 'release.deploy', button(t.connector.cardOf(summary), 'release.deploy')['data']);
    expect(res.type).toBe(MESSAGE);
    expect(String(res.value)).toMatch(new RegExp(`^${releaseId} cannot be deployed yet: missing Change approval, Go/no-go decision`));
    expect((await stored()).deployedAt).toBeUndefined();
  });

  it('an Approve by someone without the role is refused, to the clicker only, and nothing is recorded', async () => {
    const { approve } = gateActions(t.connector.cardOf(summary), 'approval');
    const putsBefore = t.connector.puts().length;
    const res = await click(users.bob, 'gate.approve', approve!['data']);
    expect(res.type).toBe(MESSAGE);
    expect(String(res.value)).toBe(`Nobody holds the approver role here, so nobody can decide “Change approval” of ${releaseId}: add someone with "roles add approver @name".`);
    await t.settled();
    expect(t.connector.puts()).toHaveLength(putsBefore);
    const release = await stored();
    expect(release.gates?.find((g) => g.gateId === 'approval')?.state ?? 'open').toBe('open');
    expect(release.audit.map((a) => a.action)).not.toContain('approve');
  });

  it('"roles add approver @Carol" typed in the channel with a Teams mention holds the person the roster says Carol acts as', async () => {
    const post = t.channelPost(users.alice, `roles add approver <at>${users.carol.name}</at>`);
    await t.post({ ...post, entities: [...(post['entities'] as object[]), mention(users.carol)] });
    expect(lastText()).toMatch(/^Roles here\n\n- Approver: added Carol Ops \(by Alice Admin\)\.\n\n/);
    expect(lastText()).toContain('- Approver: Carol Ops');
    // Bob, still not the approver, is now told who is.
    const res = await click(users.bob, 'gate.approve', gateActions(t.connector.cardOf(summary), 'approval').approve!['data']);
    expect(String(res.value)).toBe(`Only Carol Ops (approver) can decide “Change approval” of ${releaseId}.`);
  });

  it('an Approve by the approver records the decision and redraws the card without that gate\'s buttons', async () => {
    const res = await click(users.carol, 'gate.approve', gateActions(t.connector.cardOf(summary), 'approval').approve!['data']);
    expect(res.type).toBe(CARD);
    expect(cardText(res.value)).toContain('✅ **Change approval** · approved by Carol Ops');
    expect(gateActions(res.value, 'approval')).toEqual({});
    expect(Object.keys(gateActions(res.value, 'go'))).toEqual(['approve', 'reject']);
    const gate = (await stored()).gates?.find((g) => g.gateId === 'approval');
    expect(gate).toMatchObject({ state: 'approved', by: { id: 'teams:aad-carol', name: 'Carol Ops' } });
    // Everyone else sees the same card through the update of the posted message.
    await t.settled();
    expect(t.connector.cardOf(summary)).toEqual(res.value);
  });

  it('a Reject without a reason is refused beside the field; a non-holder\'s is refused to them; with a reason it is recorded in the audit', async () => {
    const { reject } = gateActions(t.connector.cardOf(summary), 'go');
    const submit = button((reject as { card: unknown }).card, 'gate.reject');

    const empty = await click(users.alice, 'gate.reject', submit['data'], { reject_go: '  ' });
    expect(empty.type).toBe(CARD);
    // The summary again, with the Go/no-go's reason field open and the core's refusal beside it; nothing else to click.
    const form = empty.value as { body: unknown; actions?: unknown[] };
    expect(JSON.stringify(form)).toMatch(/"type":"Input.Text","id":"reject_go"[^}]*"isRequired":true/);
    expect(JSON.stringify(form)).toMatch(/"text":"⚠ Say why you reject it: (?:[^"\\]|\\.)*","wrap":true,"id":"gate__error"/);
    expect(form.actions).toBeUndefined();
    expect(actionsOf(form.body).map((a) => a['verb'])).toEqual(['gate.reject', 'card.refresh']);

    const notHolder = await click(users.bob, 'gate.reject', submit['data'], { reject_go: 'looks risky' });
    expect(notHolder.type).toBe(MESSAGE);
    expect(String(notHolder.value)).toBe(`Only Alice Admin (release manager) can decide “Go/no-go decision” of ${releaseId}.`);
    let release = await stored();
    expect(release.audit.map((a) => a.action)).not.toContain('reject');
    expect(release.gates?.find((g) => g.gateId === 'go')?.state ?? 'open').toBe('open');

    const rejected = await click(users.alice, 'gate.reject', button(form, 'gate.reject')['data'], { reject_go: 'no rollback rehearsal yet' });
    expect(rejected.type).toBe(CARD);
    expect(cardText(rejected.value)).toContain('⛔ **Go/no-go decision** · rejected by Alice Admin: “no rollback rehearsal yet”');
    // A rejected gate may still be approved later, not rejected again.
    expect(Object.keys(gateActions(rejected.value, 'go'))).toEqual(['approve']);
    release = await stored();
    expect(release.gates?.find((g) => g.gateId === 'go')).toMatchObject({ state: 'rejected', note: 'no rollback rehearsal yet', by: { id: 'teams:aad-alice' } });
    expect(release.audit.filter((a) => a.action === 'reject')).toEqual([expect.objectContaining({ detail: 'go: no rollback rehearsal yet', actor: { id: 'teams:aad-alice', name: 'Alice Admin' } })]);
  });

  it('the release manager deploys anyway with "deploy R-x override <reason>"; the gates lose their buttons', async () => {
    await t.post(t.threadReply(users.bob, root, `deploy ${releaseId} override we need it out`));
    expect(lastText()).toMatch(/release manager/);
    expect((await stored()).deployedAt).toBeUndefined();
    await t.post(t.threadReply(users.alice, root, `deploy ${releaseId} override customer outage fix`));
    await t.settled();
    const release = await stored();
    expect(release.deployedAt).toBeTruthy();
    expect(release.deployOverride).toMatchObject({ reason: 'customer outage fix', by: { id: 'teams:aad-alice' } });
    const card = t.connector.cardOf(summary)!;
    expect(cardText(card)).toContain('deployed by Alice Admin: customer outage fix');
    expect(cardText(card)).toContain('⛔ **Go/no-go decision** · rejected by Alice Admin');
    expect(actionsOf(card).filter((a) => String(a['verb'] ?? '').startsWith('gate.') || a['title'] === 'Reject…')).toEqual([]);
  });
});

describe('Teams: roles with mentions', () => {
  const t = new TeamsBotUnderTest();
  const megan = { id: '29:megan', name: 'Bowen, Megan', aadObjectId: 'aad-megan' };
  beforeAll(async () => {
    await t.start();
    t.connector.rosters.set(CHANNEL, [users.alice, users.bob, users.carol, megan].map(member));
  });
  afterAll(async () => {
    await t.stop();
  });

  it('several people mentioned in a row, and a display name with a comma, are each the person mentioned', async () => {
    const post = t.channelPost(users.alice, `roles add ops <at>${users.carol.name}</at> <at>${megan.name}</at>&nbsp;<at>${users.bob.name}</at>`);
    await t.post({ ...post, entities: [...(post['entities'] as object[]), mention(users.carol), mention(megan), mention(users.bob)] });
    const reply = String(t.connector.posts().at(-1)!.body['text']);
    expect(reply).toContain('- Ops: added Carol Ops, Bowen, Megan, Bob Builder (by Alice Admin).');
    // They hold the role as the identities they act with: Megan may now change the roles, as any holder may while
    // nobody is release manager, and removing her by mention finds her.
    const remove = t.channelPost(users.alice, `roles remove ops <at>${megan.name}</at>`);
    await t.post({ ...remove, entities: [...(remove['entities'] as object[]), mention(megan)] });
    expect(String(t.connector.posts().at(-1)!.body['text'])).toContain('- Ops: removed Bowen, Megan (by Alice Admin).');
    expect(String(t.connector.posts().at(-1)!.body['text'])).toContain('- Ops: Carol Ops, Bob Builder');
  });

  it('"roles" lists them and says how to change them with mentions', async () => {
    await t.post(t.channelPost(users.bob, 'roles'));
    const reply = String(t.connector.posts().at(-1)!.body['text']);
    expect(reply).toMatch(/^Roles here\n\n/);
    expect(reply).toContain('@mention the people');
    expect(reply).not.toContain(BOT.name);
  });
});
