import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readConfig, silentLogger, startCore, StartConversation, type ConversationStep, type Core, type Release } from '../../src/index.js';

/** The real core on a fixed clock, with the default models and, for the freeze tests, Friday afternoons frozen. */
const NOW = new Date('2026-06-01T08:00:00Z');
let dir: string | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function conversation(opts: { freeze?: boolean } = {}): Promise<{ talk: StartConversation; created: () => Release | undefined }> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'start-conversation-'));
  const modelsDir = path.join(dir, 'models');
  await cp('models', modelsDir, { recursive: true });
  if (opts.freeze) await writeFile(path.join(modelsDir, 'freeze-windows.yaml'), 'windows:\n  - id: friday\n    name: Friday afternoons\n    cron: "0 14 * * 5"\n    duration: 10h\n');
  core = await startCore(readConfig({ DATA_DIR: path.join(dir, 'data'), MODELS_DIR: modelsDir, TZ: 'UTC' }), { clock: { now: () => NOW }, logger: silentLogger });
  const origin = { actor: { id: 'console:alice', name: 'alice' }, place: { surface: 'console' as const, channelId: 'console' } };
  const first = await core.dispatcher.dispatch({ kind: 'start' }, origin);
  if (first.kind !== 'questions') throw new Error(first.kind);
  let created: Release | undefined;
  const talk = new StartConversation(async (intent) => {
    const outcome = await core!.dispatcher.dispatch(intent, origin);
    if (outcome.kind === 'done') created = outcome.release;
    return outcome;
  }, first);
  return { talk, created: () => created };
}
const asked = (step: ConversationStep) => (step.kind === 'question' ? `[${step.position}/${step.total}] ${step.question.id}` : step.kind);

describe('the start conversation', () => {
  it('does not ask for a backdate reason when the time is ahead, and numbers the questions without a gap', async () => {
    const { talk, created } = await conversation();
    // A conditional question counts once it is asked, so the total never shrinks under the person.
    expect(asked(talk.begin())).toBe('[1/8] title');
    expect(asked(await talk.feed('Checkout v2'))).toBe('[2/8] deployAt');
    expect(asked(await talk.feed('2026-06-03 10:00'))).toBe('[3/8] urgency');
    for (const answer of ['1', '1', 'no', '1', '1']) await talk.feed(answer);
    expect(asked(await talk.feed('1'))).toBe('confirm');
    await talk.feed('y');
    expect(created()?.answers).not.toHaveProperty('backdateReason');
  });

  it('asks for the reason after a past time, and requires it', async () => {
    const { talk } = await conversation();
    talk.begin();
    await talk.feed('Checkout v2');
    expect(asked(await talk.feed('2026-05-31 10:00'))).toBe('[3/9] backdateReason');
    const empty = await talk.feed('');
    expect(asked(empty)).toBe('[3/9] backdateReason');
    expect(empty.kind === 'question' && empty.errors[0]?.message).toMatch(/is in the past: say why/);
    expect(asked(await talk.feed('recorded after the fact'))).toBe('[4/9] urgency');
  });

  it('goes back one answer at a time, shows what was typed, and drops a reason that no longer applies', async () => {
    const { talk, created } = await conversation();
    talk.begin();
    await talk.feed('Checkout v2');
    await talk.feed('2026-05-31 10:00');
    await talk.feed('recorded after the fact');
    const reason = await talk.feed('back');
    expect(asked(reason)).toBe('[3/9] backdateReason');
    expect(reason.kind === 'question' && reason.previous).toBe('recorded after the fact');
    const time = await talk.feed('back');
    expect(asked(time)).toBe('[2/8] deployAt');
    expect(time.kind === 'question' && time.previous).toBe('2026-05-31 10:00');
    // A time ahead after all: the reason is passed over, and the rest follows.
    expect(asked(await talk.feed('2026-06-03 10:00'))).toBe('[3/8] urgency');
    for (const answer of ['1', '1', 'no', '1', '1', '1']) await talk.feed(answer);
    await talk.feed('y');
    expect(created()?.plannedAt).toBe('2026-06-03T10:00:00.000Z');
    expect(created()?.answers).not.toHaveProperty('backdateReason');
  });

  it('says there is nothing to go back to at the first question, and goes back from the model choice to the last question', async () => {
    const { talk } = await conversation();
    talk.begin();
    const first = await talk.feed('back');
    expect(asked(first)).toBe('[1/8] title');
    expect(first.kind === 'question' && first.errors).toEqual([{ field: '', label: '', message: 'There is no earlier answer to change.' }]);
    for (const answer of ['Checkout v2', '2026-06-03 10:00', '1', '1', 'no', '1', '1']) await talk.feed(answer);
    expect(asked(await talk.feed('1'))).toBe('confirm');
    expect(asked(await talk.feed('n'))).toBe('pick');
    expect(asked(await talk.feed('back'))).toBe('confirm');
    const rollback = await talk.feed('back');
    expect(asked(rollback)).toBe('[8/8] rollback');
    expect(asked(await talk.feed('3'))).toBe('confirm'); // impossible to roll back: now a major release
  });
});

describe('the start conversation and freeze windows', () => {
  it('asks for the override reason when the core refuses the time as frozen, and goes back to the time on "back"', async () => {
    const { talk, created } = await conversation({ freeze: true });
    talk.begin();
    for (const answer of ['Checkout v2', '2026-06-05 15:00', '1', '1', 'no', '1', '1', '1']) await talk.feed(answer);
    const frozen = await talk.feed('y');
    expect(frozen).toMatchObject({ kind: 'freeze', message: expect.stringMatching(/Friday afternoons/) });
    expect(await talk.feed('')).toMatchObject({ kind: 'freeze', message: expect.stringMatching(/Friday afternoons/) });
    expect(asked(await talk.feed('back'))).toBe('[2/8] deployAt');
    await talk.feed('2026-06-05 16:00');
    expect(asked(await talk.feed('y'))).toBe('freeze');
    const done = await talk.feed('launch event');
    expect(done.kind).toBe('finished');
    expect(created()?.plannedAt).toBe('2026-06-05T16:00:00.000Z');
    expect(JSON.stringify(created()?.audit)).toContain('launch event');
  });
});
