import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/models/catalog.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import type { Question } from '../../src/models/questions-schema.js';
import { validateAnswers } from '../../src/models/validate-answers.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog('models');
});

const opts = { now: new Date('2026-06-01T08:00:00Z'), timeZone: 'Europe/Berlin' }; // 10:00 in Berlin
const complete = {
  title: 'Checkout redesign',
  deployAt: '2026-06-02 14:30',
  urgency: 'planned',
  kind: 'application',
  userFacing: true,
  impact: 'medium',
  risk: 'medium',
  rollback: 'easy',
};
const check = (raw: Record<string, unknown>, o = opts) => validateAnswers(catalog.questions, raw, o);
const errorsOf = (raw: Record<string, unknown>, o = opts) => {
  const r = check(raw, o);
  return r.ok ? {} : r.errors;
};

describe('validateAnswers with the default questions', () => {
  it('normalises labels, option numbers, yes/no words and local times, and ignores unknown keys', () => {
    const result = check({
      ...complete,
      title: '  Checkout redesign  ',
      urgency: 'PLANNED',
      kind: 'data or infrastructure MIGRATION',
      userFacing: 'Y',
      impact: '3',
      risk: 'Low',
      rollback: 2,
      backdateReason: '   ',
      somethingElse: 'ignored',
    });
    expect(result).toEqual({
      ok: true,
      answers: {
        title: 'Checkout redesign',
        deployAt: '2026-06-02T12:30:00.000Z',
        urgency: 'planned',
        kind: 'migration',
        userFacing: true,
        impact: 'high',
        risk: 'low',
        rollback: 'hard',
      },
    });
  });

  it('gives one message per missing required question, worded for the field', () => {
    expect(errorsOf({})).toEqual({
      title: 'This needs an answer.',
      deployAt: 'Enter a date and time such as 2026-06-02 14:30 (Europe/Berlin), "now" or "in 2h".',
      urgency: 'Choose one of: Planned, Fixing a live incident (or 1-2).',
      kind: 'Choose one of: Application, Data or infrastructure migration, Configuration (or 1-3).',
      userFacing: 'Answer yes or no.',
      impact: 'Choose one of: Low, Medium, High (or 1-3).',
      risk: 'Choose one of: Low, Medium, High (or 1-3).',
      rollback: 'Choose one of: Easy, Hard, Impossible (or 1-3).',
    });
  });

  it('rejects answers that are not among the options, or not yes/no, or too long', () => {
    expect(errorsOf({ ...complete, impact: '4', risk: '0', rollback: 'sort of', userFacing: 'maybe', title: 'x'.repeat(151) })).toEqual({
      impact: 'Choose one of: Low, Medium, High (or 1-3).',
      risk: 'Choose one of: Low, Medium, High (or 1-3).',
      rollback: 'Choose one of: Easy, Hard, Impossible (or 1-3).',
      userFacing: 'Answer yes or no.',
      title: 'Keep it to 150 characters (this has 151).',
    });
  });

  it.each([
    [true, true], [false, false], ['true', true], ['FALSE', false], ['yes', true], ['No', false], ['y', true], ['n', false],
  ] as const)('reads %j as %j for a yes/no question', (input, expected) => {
    const r = check({ ...complete, userFacing: input });
    expect(r.ok && r.answers.userFacing).toBe(expected);
  });

  it('accepts Slack epoch seconds and "in 2h" for the deployment time', () => {
    const slack = check({ ...complete, deployAt: 1780318800 });
    expect(slack.ok && slack.answers.deployAt).toBe('2026-06-01T13:00:00.000Z');
    const relative = check({ ...complete, deployAt: 'in 2h' });
    expect(relative.ok && relative.answers.deployAt).toBe('2026-06-01T10:00:00.000Z');
  });

  it('says when a local time does not exist because the clocks change', () => {
    const spring = { now: new Date('2026-03-20T08:00:00Z'), timeZone: 'Europe/Berlin' };
    expect(errorsOf({ ...complete, deployAt: '2026-03-29 02:30' }, spring)).toEqual({
      deployAt: '2026-03-29 02:30 does not exist in Europe/Berlin: the clocks change that night. Pick another time.',
    });
    const ok = check({ ...complete, deployAt: '2026-03-29 03:30' }, spring);
    expect(ok.ok && ok.answers.deployAt).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads the same wall-clock time differently per team time zone', () => {
    const ny = check({ ...complete, deployAt: '2026-11-01 01:30' }, { now: opts.now, timeZone: 'America/New_York' });
    const berlin = check({ ...complete, deployAt: '2026-11-01 01:30' });
    expect(ny.ok && ny.answers.deployAt).toBe('2026-11-01T06:30:00.000Z'); // New York changes back at 02:00 that night; luxon takes EST
    expect(berlin.ok && berlin.answers.deployAt).toBe('2026-11-01T00:30:00.000Z');
  });

  it('needs a reason for a deployment time more than 15 minutes in the past, and says so beside the reason', () => {
    expect(check({ ...complete, deployAt: '2026-06-01 09:50' }).ok).toBe(true); // 10 minutes ago: people dawdle
    expect(errorsOf({ ...complete, deployAt: '2026-06-01 09:00' })).toEqual({
      backdateReason: 'The deployment time (2026-06-01 09:00 Europe/Berlin) is in the past: say why, or change the time to a future one.',
    });
    const explained = check({ ...complete, deployAt: '2026-06-01 09:00', backdateReason: 'Recording a deployment done during the outage' });
    expect(explained.ok && explained.answers).toMatchObject({ deployAt: '2026-06-01T07:00:00.000Z', backdateReason: 'Recording a deployment done during the outage' });
  });

  it('puts the past-time message beside the time when the questions do not ask for a reason', () => {
    const withoutReason = catalog.questions.filter((q) => q.id !== 'backdateReason');
    const r = validateAnswers(withoutReason, { ...complete, deployAt: '2026-06-01 09:00', backdateReason: 'ignored: not a question' }, opts);
    expect(r).toEqual({ ok: false, errors: { deployAt: '2026-06-01 09:00 Europe/Berlin is in the past: enter a future time, such as "in 2h".' } });
  });

  it('leaves out optional questions left empty, and refuses non-text values for text questions', () => {
    const questions: Question[] = [
      { id: 'title', type: 'text', label: 'What?', required: true, maxLength: 10 },
      { id: 'note', type: 'text', label: 'Note', required: false, maxLength: 10 },
      { id: 'flag', type: 'boolean', label: 'Flag?', required: false },
    ];
    expect(validateAnswers(questions, { title: 'a', note: '', flag: null }, opts)).toEqual({ ok: true, answers: { title: 'a' } });
    expect(validateAnswers(questions, { title: { a: 1 }, flag: 'perhaps' }, opts)).toEqual({
      ok: false,
      errors: { title: 'Enter some text.', flag: 'Answer yes or no.' },
    });
  });
});
