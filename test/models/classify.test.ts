import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, type Catalog } from '../../src/models/catalog.js';
import { classify } from '../../src/models/classify.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import type { Answers } from '../../src/models/questions-schema.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog('models');
});

const planned: Answers = {
  title: 'Checkout redesign',
  deployAt: '2026-12-01T13:30:00.000Z',
  urgency: 'planned',
  kind: 'application',
  userFacing: true,
  impact: 'medium',
  risk: 'medium',
  rollback: 'easy',
};

describe('classification over the default models', () => {
  it.each([
    ['standard', { userFacing: false, impact: 'low', risk: 'low', rollback: 'easy' }, 'Standard change, because user-facing is No, impact is Low, risk is Low and rollback is Easy'],
    ['major', { impact: 'high', rollback: 'hard' }, 'Major release, because impact is High and rollback is Hard'],
    ['major', { rollback: 'impossible' }, 'Major release, because rollback is Impossible'],
    ['major', { risk: 'high', userFacing: false, impact: 'low' }, 'Major release, because risk is High'],
    ['emergency', { urgency: 'incident' }, 'Emergency change, because urgency is Fixing a live incident'],
    ['migration', { kind: 'migration' }, 'Migration, because kind is Data or infrastructure migration'],
    [
      'minor',
      {},
      'Minor release, because no other rule matched (urgency is Planned, kind is Application, user-facing is Yes, impact is Medium, risk is Medium and rollback is Easy)',
    ],
  ] as const)('%s for %j', (modelId, changes, explanation) => {
    const result = classify(catalog, { ...planned, ...changes });
    expect(result).toMatchObject({ modelId, explanation });
    expect(result.modelName).toBe(catalog.model(modelId)?.name);
  });

  it('reaches every default model, and every answer combination lands on a model of the catalog', () => {
    const reached = new Map<string, number>();
    const values = {
      urgency: ['planned', 'incident'],
      kind: ['application', 'migration', 'config'],
      userFacing: [true, false],
      impact: ['low', 'medium', 'high'],
      risk: ['low', 'medium', 'high'],
      rollback: ['easy', 'hard', 'impossible'],
    };
    const combos = Object.entries(values).reduce<Answers[]>(
      (acc, [key, options]) => acc.flatMap((a) => options.map((v) => ({ ...a, [key]: v }))),
      [{ title: 't', deployAt: planned.deployAt as string }],
    );
    expect(combos).toHaveLength(2 * 3 * 2 * 3 * 3 * 3);
    for (const answers of combos) {
      const result = classify(catalog, answers);
      expect(catalog.model(result.modelId)).toBeDefined();
      reached.set(result.modelId, (reached.get(result.modelId) ?? 0) + 1);
      // Invariants the rules promise, whatever the order of the other answers.
      if (answers.urgency === 'incident') expect(result.modelId).toBe('emergency');
      else if (answers.kind === 'migration') expect(result.modelId).toBe('migration');
      else if (answers.impact === 'high') expect(result.modelId).toBe('major');
    }
    expect([...reached.keys()].sort()).toEqual(catalog.models.map((m) => m.id).sort());
    expect(reached.get('standard')).toBe(2); // not user-facing, low, low, easy: planned application or config only
  });
});

describe('rule semantics', () => {
  const rules = (catalogRules: Catalog['rules'], fallback = 'minor') =>
    createCatalog({ models: catalog.models, questions: catalog.questions, rules: catalogRules, fallback });

  it('the first matching rule wins, and ruleIndex says which', () => {
    const c = rules([
      { model: 'major', any: { impact: 'high' } },
      { model: 'emergency', all: { impact: 'high' } },
    ]);
    expect(classify(c, { ...planned, impact: 'high' })).toMatchObject({ modelId: 'major', ruleIndex: 0 });
    const swapped = rules([...c.rules].reverse());
    expect(classify(swapped, { ...planned, impact: 'high' })).toMatchObject({ modelId: 'emergency', ruleIndex: 0 });
  });

  it('"all" and "any" together: every "all" condition and at least one "any" condition, and only matched ones are named', () => {
    const c = rules([{ model: 'major', all: { userFacing: true }, any: { impact: 'high', risk: ['high', 'medium'] } }]);
    expect(classify(c, { ...planned, impact: 'low', risk: 'medium' }).explanation).toBe('Major release, because user-facing is Yes and risk is Medium');
    expect(classify(c, { ...planned, userFacing: false, impact: 'high' }).modelId).toBe('minor');
    expect(classify(c, { ...planned, impact: 'low', risk: 'low' })).toMatchObject({ modelId: 'minor', ruleIndex: -1 });
  });

  it('an unanswered optional question never matches, and the fallback names only what was answered', () => {
    const c = rules([{ model: 'major', any: { impact: 'high' } }], 'standard');
    const { impact: _impact, ...noImpact } = planned;
    const result = classify(c, noImpact);
    expect(result).toEqual({ modelId: 'standard', modelName: 'Standard change', ruleIndex: -1, explanation: 'Standard change, because no other rule matched' });
  });

  it('a hand-built catalog whose rule names a missing model is a programming error', () => {
    const c = rules([{ model: 'ghost', all: { userFacing: true } }]);
    expect(() => classify(c, planned)).toThrow('classification names model "ghost", which the catalog does not hold');
  });
});
