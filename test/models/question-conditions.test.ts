import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/models/catalog.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { ModelFileError } from '../../src/models/model-file-error.js';
import { questionsFileSchema, type Question } from '../../src/models/questions-schema.js';
import { validateAnswers } from '../../src/models/validate-answers.js';

const opts = { now: new Date('2026-06-01T08:00:00Z'), timeZone: 'Europe/Berlin' }; // 10:00 in Berlin
const complete = { title: 'Checkout redesign', urgency: 'planned', kind: 'application', userFacing: true, impact: 'medium', risk: 'medium', rollback: 'easy' };

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog('models');
});

describe('questions asked only when their conditions hold (when:)', () => {
  it('asks the backdate reason only for a past deployment time, and then requires it, with the reason why', () => {
    const future = validateAnswers(catalog.questions, { ...complete, deployAt: '2026-06-02 14:30', backdateReason: 'stray answer' }, opts);
    expect(future.ok && future.answers.backdateReason).toBe(undefined);
    const past = validateAnswers(catalog.questions, { ...complete, deployAt: '2026-06-01 09:00' }, opts);
    expect(past).toEqual({
      ok: false,
      errors: { backdateReason: 'The deployment time (2026-06-01 09:00 Europe/Berlin) is in the past: say why, or change the time to a future one.' },
    });
    const tooLong = validateAnswers(catalog.questions, { ...complete, deployAt: '2026-06-01 09:00', backdateReason: 'x'.repeat(301) }, opts);
    expect(tooLong.ok || tooLong.errors.backdateReason).toBe('Keep it to 300 characters (this has 301).');
  });

  it('tests choice and yes/no answers the way rules do; an invalid earlier answer holds no condition', () => {
    const file = questionsFileSchema.parse({
      questions: [
        { id: 'title', type: 'text', label: 'What?' },
        { id: 'deployAt', type: 'datetime', label: 'When?' },
        { id: 'kind', type: 'choice', label: 'Kind?', options: [{ value: 'app', label: 'App' }, { value: 'db', label: 'Database' }, { value: 'net', label: 'Network' }] },
        { id: 'userFacing', type: 'boolean', label: 'Users notice?' },
        { id: 'window', type: 'text', label: 'Maintenance window?', when: { kind: ['db', 'net'], userFacing: true } },
      ],
      rules: [],
      fallback: 'minor',
    });
    const base = { title: 't', deployAt: '2026-06-02 10:00' };
    const errors = (raw: Record<string, unknown>) => {
      const r = validateAnswers(file.questions, { ...base, ...raw }, opts);
      return r.ok ? {} : r.errors;
    };
    expect(errors({ kind: 'db', userFacing: 'yes' })).toEqual({ window: 'This needs an answer.' });
    expect(errors({ kind: 'db', userFacing: 'no' })).toEqual({});
    expect(errors({ kind: 'app', userFacing: 'yes' })).toEqual({});
    expect(errors({ kind: 'other', userFacing: 'yes' })).toEqual({ kind: 'Choose one of: App, Database, Network (or 1-3).' });
  });

  it('refuses conditions the questions cannot answer, naming each', () => {
    const q = (extra: Partial<Question> & Record<string, unknown>) => ({ id: 'why', type: 'text', label: 'Why?', ...extra });
    const file = (question: Record<string, unknown>) => ({
      questions: [
        { id: 'title', type: 'text', label: 'What?' },
        { id: 'deployAt', type: 'datetime', label: 'When?' },
        { id: 'flag', type: 'boolean', label: 'Flag?' },
        question,
        { id: 'later', type: 'boolean', label: 'Later?' },
      ],
      rules: [],
      fallback: 'minor',
    });
    const problems = (question: Record<string, unknown>) => {
      const r = questionsFileSchema.safeParse(file(question));
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems(q({ when: { deployAt: 'past' } }))).toEqual([]);
    expect(problems(q({ when: { deployAt: 'yesterday' } }))).toEqual(['questions.3.when.deployAt: "yesterday" cannot test "deployAt": expected "past" or "future"']);
    expect(problems(q({ when: { flag: 'yes' } }))).toEqual(['questions.3.when.flag: "yes" cannot test "flag": expected true or false']);
    expect(problems(q({ when: { title: 'x' } }))).toEqual(['questions.3.when.title: "x" cannot test "title": expected nothing: a text answer cannot be tested']);
    expect(problems(q({ when: { later: true } }))).toEqual(['questions.3.when.later: "later" is asked after "why": a condition can only test an earlier question']);
    expect(problems(q({ when: { nope: true } }))).toEqual(['questions.3.when.nope: names no question ("nope")']);
    expect(problems(q({ when: { flag: true }, required: false }))).toEqual([
      'questions.3.required: a question with "when" is required whenever it is asked: drop "required: false"',
    ]);
  });

  it('stops startup naming the file, the field and the line of a bad condition', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'questions-when-'));
    try {
      await cp('test/fixtures/models/unknown-model-rule', dir, { recursive: true });
      await writeFile(
        path.join(dir, 'questions.yaml'),
        [
          'questions:',
          '  - { id: title, type: text, label: What is being released? }',
          '  - { id: deployAt, type: datetime, label: When is the deployment planned? }',
          '  - { id: why, type: text, label: Why in the past?, when: { deployAt: earlier } }',
          'rules: []',
          'fallback: small',
          '',
        ].join('\n'),
      );
      const error = await loadCatalog(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelFileError);
      expect((error as ModelFileError).message).toContain(`${path.join(dir, 'questions.yaml')}: questions[2].when.deployAt: "earlier" cannot test "deployAt": expected "past" or "future" (line 4)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
