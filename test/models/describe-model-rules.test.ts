import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/models/catalog.js';
import { describeModels } from '../../src/models/describe-model-rules.js';
import { loadCatalog } from '../../src/models/load-catalog.js';

describe('when each model applies, in words drawn from the rules', () => {
  it('describes the default models, naming the rules that win before each, and the fallback', async () => {
    const when = Object.fromEntries(describeModels(await loadCatalog('models')).map((m) => [m.id, m.appliesWhen]));
    expect(when).toEqual({
      emergency: 'when urgency is Fixing a live incident',
      migration: 'when kind is Data or infrastructure migration, unless Emergency change applies',
      major: 'when impact is High, or risk is High, or rollback is Hard or Impossible, unless Emergency change or Migration applies',
      standard: 'when user-facing is No, impact is Low, risk is Low and rollback is Easy, unless Emergency change, Migration or Major release applies',
      minor: 'when no rule picks another model (the fallback)',
    });
  });

  it('joins "all" and "any" in one rule, and says when no rule picks a model', async () => {
    const defaults = await loadCatalog('models');
    const catalog = createCatalog({
      models: defaults.models,
      questions: defaults.questions,
      rules: [{ model: 'major', all: { kind: 'application' }, any: { impact: 'high', userFacing: true } }],
      fallback: 'minor',
    });
    const when = Object.fromEntries(describeModels(catalog).map((m) => [m.id, m.appliesWhen]));
    expect(when.major).toBe('when kind is Application, and either impact is High, or user-facing is Yes');
    expect(when.standard).toBe('only when chosen by hand: no rule picks it');
  });
});
