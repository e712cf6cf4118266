import type { Catalog } from './catalog.js';
import type { ReleaseModel } from './model-schema.js';
import type { Question, Rule } from './questions-schema.js';

/** A model as people choose between them: with when the classification rules pick it, in words. */
export type DescribedModel = ReleaseModel & { appliesWhen: string };

type Condition = NonNullable<Rule['all']>[string];

/** "rollback is Hard or Impossible", "user-facing is No": the question's short name and the option labels. */
function describeCondition(q: Question | undefined, qid: string, condition: Condition): string {
  const name = q?.short ?? qid;
  if (typeof condition === 'boolean') return `${name} is ${condition ? 'Yes' : 'No'}`;
  const label = (v: string) => (q?.type === 'choice' ? (q.options.find((o) => o.value === v)?.label ?? v) : v);
  return `${name} is ${joinWith([condition].flat().map(label), 'or')}`;
}

function joinWith(parts: readonly string[], word: 'and' | 'or'): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${word} ${parts.at(-1)}`;
}

/** "when impact is High, or risk is High": every condition of "all", and at least one of "any". */
function describeRule(rule: Rule, questions: ReadonlyMap<string, Question>): string {
  const all = Object.entries(rule.all ?? {}).map(([qid, c]) => describeCondition(questions.get(qid), qid, c));
  const any = Object.entries(rule.any ?? {}).map(([qid, c]) => describeCondition(questions.get(qid), qid, c));
  const anyText = any.length > 1 ? any.join(', or ') : (any[0] ?? '');
  if (all.length === 0) return anyText;
  if (any.length === 0) return joinWith(all, 'and');
  return `${joinWith(all, 'and')}, and ${any.length > 1 ? `either ${anyText}` : anyText}`;
}

/**
 * When each model applies, drawn from the ordered rules in questions.yaml: "when impact is High, or rollback is
 * Hard or Impossible, unless Emergency change or Migration applies" (the first rule that holds wins, so earlier
 * ones are named); the fallback "when no rule picks another model"; a model no rule names is only chosen by hand.
 */
export function describeModels(catalog: Catalog): DescribedModel[] {
  const questions = new Map(catalog.questions.map((q) => [q.id, q]));
  const name = (id: string) => catalog.model(id)?.name ?? id;
  return catalog.models.map((model) => {
    const clauses: string[] = [];
    catalog.rules.forEach((rule, i) => {
      if (rule.model !== model.id) return;
      const earlier = [...new Set(catalog.rules.slice(0, i).map((r) => r.model).filter((m) => m !== model.id))].map(name);
      clauses.push(`when ${describeRule(rule, questions)}${earlier.length ? `, unless ${joinWith(earlier, 'or')} applies` : ''}`);
    });
    if (model.id === catalog.fallback) clauses.push(clauses.length ? 'or when no rule picks another model' : 'when no rule picks another model (the fallback)');
    const appliesWhen = clauses.length ? clauses.join('; ') : 'only when chosen by hand: no rule picks it';
    return { ...model, appliesWhen };
  });
}
