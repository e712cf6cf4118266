import { rm } from 'node:fs/promises';
import { modelsWithFreeze } from '../helpers/models-with-freeze.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../src/format/format-time.js';
import { TeamsBotUnderTest, users, button, cardText, deployInputs } from './teams-harness.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
type Json = Record<string, unknown>;


const answers = (hoursFromNow: number) => ({ urgency: 'planned', kind: 'application', userFacing: 'true', impact: 'high', risk: 'medium', rollback: 'easy', ...deployInputs(hoursFromNow) });

describe('Teams: starting a release inside a freeze window', () => {
  const t = new TeamsBotUnderTest();
  let freeze: { dir: string; end: Date };
  beforeAll(async () => {
    freeze = await modelsWithFreeze();
    await t.start({ MODELS_DIR: freeze.dir });
  });
  afterAll(async () => {
    await t.stop();
    await rm(freeze.dir, { recursive: true, force: true });
  });

  /** "release <title>" in the channel, then the answers: the confirm card, and where to click it. */
  async function confirmFor(title: string, hoursFromNow: number) {
    const post = t.channelPost(users.alice, `release ${title}`);
    const root = post['id'] as string;
    await t.post(post);
    const form = t.connector.posts().at(-1)!.id!;
    const confirm = await t.invoke(t.execute(users.alice, root, form, 'form.submit', { verb: 'form.submit' }, { title, ...answers(hoursFromNow) }));
    expect(confirm.type).toBe(CARD);
    return { root, form, confirm: confirm.value as Json };
  }

  it('asks why beside the model, refuses an empty reason beside that field, and records the reason it starts with', async () => {
    const { root, form, confirm } = await confirmFor('Ledger rewrite', 24);
    const until = formatTime(freeze.end, 'UTC');
    const text = cardText(confirm);
    expect(text).toContain(`⚠ The deployment falls in the freeze window “Launch week”, in force until ${until}. To start it anyway, say why: the reason is recorded; Emergency change needs none.`);
    expect(JSON.stringify(confirm)).toContain('"type":"Input.Text","id":"rb_freeze_reason","label":"Why must it deploy during “Launch week”?","maxLength":500');
    const start = button(confirm, 'form.confirm')['data'] as Json;

    // Without a reason: the confirm card again, the refusal beside the freeze field, the answers kept; nothing started.
    const refused = await t.invoke(t.execute(users.alice, root, form, 'form.confirm', start, { rb_model: 'major', rb_override_reason: '', rb_freeze_reason: ' ' }));
    expect(refused.type).toBe(CARD);
    const refusedJson = JSON.stringify(refused.value);
    const field = refusedJson.indexOf('"id":"rb_freeze_reason"');
    const beside = refusedJson.indexOf('"id":"freeze__error"');
    expect(field).toBeGreaterThan(0);
    expect(beside).toBeGreaterThan(field);
    expect(refusedJson).not.toContain('confirm__error');
    expect(cardText(refused.value)).toContain(`falls in the freeze window “Launch week”, in force until ${until}. Pick a time after it, or give a reason to start it anyway (it is recorded).`);
    expect(refusedJson).toContain('"value":"Ledger rewrite"');
    expect((await t.bot.service.listActive()).find((r) => r.location.threadId === root)).toBeUndefined();

    // With a reason: started, and the override kept with the window, its end and who gave it.
    const started = await t.invoke(t.execute(users.alice, root, form, 'form.confirm', button(refused.value, 'form.confirm')['data'] as Json, { rb_model: 'major', rb_override_reason: '', rb_freeze_reason: 'board demo is booked for that day' }));
    expect(cardText(started.value)).toMatch(/R-\d+: Ledger rewrite/);
    await t.settled();
    const release = (await t.bot.service.listActive()).find((r) => r.location.threadId === root)!;
    expect(release.freezeOverrides).toEqual([
      expect.objectContaining({ windowId: 'launch', action: 'start', reason: 'board demo is booked for that day', until: freeze.end.toISOString(), by: { id: 'teams:aad-alice', name: 'Alice Admin' } }),
    ]);
    expect(release.audit.find((a) => a.action === 'freeze_override')?.detail).toMatch(/^start inside “Launch week” \(until .*\): board demo is booked for that day$/);
    expect(cardText(t.connector.cardOf(form))).toContain('Launch week (start) by Alice Admin: board demo is booked for that day');
  });

  it('a reason typed beside another refusal (an override without its reason) is kept on the card', async () => {
    const { root, form, confirm } = await confirmFor('Search tuning', 24);
    const refused = await t.invoke(t.execute(users.alice, root, form, 'form.confirm', button(confirm, 'form.confirm')['data'] as Json, { rb_model: 'standard', rb_override_reason: '', rb_freeze_reason: 'partner launch' }));
    const json = JSON.stringify(refused.value);
    expect(json).toContain('"id":"confirm__error"');
    expect(json).not.toContain('freeze__error');
    expect(json).toMatch(/"id":"rb_freeze_reason"[^}]*"value":"partner launch"/);
  });

  it('asks nothing when the deployment is planned after the window', async () => {
    const { confirm } = await confirmFor('After the freeze', 24 * 3);
    expect(JSON.stringify(confirm)).not.toContain('rb_freeze_reason');
    expect(cardText(confirm)).not.toContain('Launch week');
  });
});
