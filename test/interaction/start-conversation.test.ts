import { beforeAll, describe, expect, it } from 'vitest';
import type { Intent } from '../../src/interaction/intent.js';
import type { Outcome } from '../../src/interaction/outcome.js';
import { StartConversation, type ConversationStep } from '../../src/interaction/start-conversation.js';
import type { Catalog } from '../../src/models/catalog.js';
import { classify } from '../../src/models/classify.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { validateAnswers } from '../../src/models/validate-answers.js';

const opts = { now: new Date('2026-06-01T08:00:00Z'), timeZone: 'UTC' };
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog('models');
});

/** The core's answer and create routes, as the dispatcher runs them, over the default questions. */
function conversation(): { talk: StartConversation; created: () => Record<string, unknown> | undefined } {
  let created: Record<string, unknown> | undefined;
  const dispatch = async (intent: Intent): Promise<Outcome> => {
    if (intent.kind === 'create') {
      created = intent.answers;
      return { kind: 'refused', message: 'not stored in this test', code: 'invalid' };
    }
    if (intent.kind !== 'answer') throw new Error(`unexpected ${intent.kind}`);
    const checked = validateAnswers(catalog.questions, intent.answers, opts);
    if (!checked.ok) return { kind: 'questions', questions: catalog.questions, values: intent.answers, errors: checked.errors };
    return { kind: 'classification', result: classify(catalog, checked.answers), models: catalog.models, answers: checked.answers };
  };
  const talk = new StartConversation(dispatch, { kind: 'questions', questions: catalog.questions, values: {}, errors: {} });
  return { talk, created: () => created };
}
const asked = (step: ConversationStep) => (step.kind === 'question' ? `[${step.position}/${step.total}] ${step.question.id}` : step.kind);

describe('the start conversation', () => {
  it('does not ask for a backdate reason when the time is ahead, and numbers the questions without a gap', async () => {
    const { talk, created } = conversation();
    // A conditional question counts once it is asked, so the total never shrinks under the person.
    expect(asked(talk.begin())).toBe('[1/8] title');
    expect(asked(await talk.feed('Checkout v2'))).toBe('[2/8] deployAt');
    expect(asked(await talk.feed('2026-06-03 10:00'))).toBe('[3/8] urgency');
    for (const answer of ['1', '1', 'no', '1', '1']) await talk.feed(answer);
    expect(asked(await talk.feed('1'))).toBe('confirm');
    await talk.feed('y');
    expect(created()).not.toHaveProperty('backdateReason');
  });

  it('asks for the reason after a past time, and requires it', async () => {
    const { talk } = conversation();
    talk.begin();
    await talk.feed('Checkout v2');
    expect(asked(await talk.feed('2026-05-31 10:00'))).toBe('[3/9] backdateReason');
    const empty = await talk.feed('');
    expect(asked(empty)).toBe('[3/9] backdateReason');
    expect(empty.kind === 'question' && empty.errors[0]?.message).toMatch(/is in the past: say why/);
    expect(asked(await talk.feed('recorded after the fact'))).toBe('[4/9] urgency');
  });

  it('goes back one answer at a time, shows what was typed, and drops a reason that no longer applies', async () => {
    const { talk, created } = conversation();
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
    expect(created()).toMatchObject({ deployAt: '2026-06-03 10:00' });
    expect(created()).not.toHaveProperty('backdateReason');
  });

  it('says there is nothing to go back to at the first question, and goes back from the model choice to the last question', async () => {
    const { talk } = conversation();
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
    const creates: Array<Extract<Intent, { kind: 'create' }>> = [];
    const dispatch = async (intent: Intent): Promise<Outcome> => {
      if (intent.kind === 'create') {
        creates.push(intent);
        if (String(intent.answers['deployAt']).startsWith('2026-06-05') && !intent.freezeOverride?.reason)
          return { kind: 'refused', message: intent.freezeOverride ? 'Say why it must deploy during “Friday afternoons”.' : 'Fri 5 Jun 2026, 15:00 UTC falls in the freeze window “Friday afternoons”.', code: intent.freezeOverride ? 'invalid' : 'conflict', field: 'freeze' };
        return { kind: 'refused', message: 'not stored in this test', code: 'invalid' };
      }
      if (intent.kind !== 'answer') throw new Error(`unexpected ${intent.kind}`);
      const checked = validateAnswers(catalog.questions, intent.answers, opts);
      if (!checked.ok) return { kind: 'questions', questions: catalog.questions, values: intent.answers, errors: checked.errors };
      return { kind: 'classification', result: classify(catalog, checked.answers), models: catalog.models, answers: checked.answers };
    };
    const talk = new StartConversation(dispatch, { kind: 'questions', questions: catalog.questions, values: {}, errors: {} });
    talk.begin();
    for (const answer of ['Checkout v2', '2026-06-05 15:00', '1', '1', 'no', '1', '1', '1']) await talk.feed(answer);
    const frozen = await talk.feed('y');
    expect(frozen).toEqual({ kind: 'freeze', message: 'Fri 5 Jun 2026, 15:00 UTC falls in the freeze window “Friday afternoons”.' });
    expect(await talk.feed('')).toEqual({ kind: 'freeze', message: 'Say why it must deploy during “Friday afternoons”.' });
    expect(asked(await talk.feed('back'))).toBe('[2/8] deployAt');
    await talk.feed('2026-06-05 16:00');
    expect(asked(await talk.feed('y'))).toBe('freeze');
    const done = await talk.feed('launch event');
    expect(done.kind).toBe('finished');
    expect(creates.at(-1)).toMatchObject({ answers: { deployAt: '2026-06-05 16:00' }, freezeOverride: { reason: 'launch event' } });
  });
});
