import type { ClassificationResult } from './classification-result.js';
import type { Catalog } from './catalog.js';
import type { Answers, Question, Rule } from './questions-schema.js';

type Condition = Rule['all'] extends Record<string, infer V> | undefined ? V : never;

interface Index {
  questions: Map<string, Question>;
  /** Questions any rule tests, in the order they are asked: what a fallback explanation sums up. */
  tested: Question[];
}

const indexes = new WeakMap<Catalog, Index>();

/**
 * Picks the model for a set of validated answers: the first rule whose conditions hold wins, otherwise the
 * fallback. The explanation names only the conditions that made the rule match, e.g.
 * "Major release, because impact is High and rollback is Hard".
 */
export function classify(catalog: Catalog, answers: Answers): ClassificationResult {
  const index = indexOf(catalog);
  for (const [ruleIndex, rule] of catalog.rules.entries()) {
    const matched = matchRule(rule, answers);
    if (!matched) continue;
    const model = modelOf(catalog, rule.model);
    const reasons = matched.map((qid) => describeAnswer(index, qid, answers));
    return { modelId: model.id, modelName: model.name, explanation: `${model.name}, because ${joinAnd(reasons)}`, ruleIndex };
  }
  const model = modelOf(catalog, catalog.fallback);
  const summary = index.tested.filter((q) => answers[q.id] !== undefined).map((q) => describeAnswer(index, q.id, answers));
  const because = summary.length > 0 ? ` (${joinAnd(summary)})` : '';
  return { modelId: model.id, modelName: model.name, explanation: `${model.name}, because no other rule matched${because}`, ruleIndex: -1 };
}

/** The question ids whose conditions made the rule match, or undefined when it does not match. */
function matchRule(rule: Rule, answers: Answers): string[] | undefined {
  const matched: string[] = [];
  for (const [qid, condition] of Object.entries(rule.all ?? {})) {
    if (!holds(condition, answers[qid])) return undefined;
    matched.push(qid);
  }
  if (rule.any) {
    const anyMatched = Object.entries(rule.any).filter(([qid, condition]) => holds(condition, answers[qid]));
    if (anyMatched.length === 0) return undefined;
    matched.push(...anyMatched.map(([qid]) => qid));
  }
  return matched;
}

function holds(condition: Condition, answer: string | boolean | undefined): boolean {
  if (answer === undefined) return false;
  if (Array.isArray(condition)) return typeof answer === 'string' && condition.includes(answer);
  return condition === answer;
}

function describeAnswer(index: Index, qid: string, answers: Answers): string {
  const q = index.questions.get(qid);
  const answer = answers[qid];
  const name = q?.short ?? qid;
  if (typeof answer === 'boolean') return `${name} is ${answer ? 'Yes' : 'No'}`;
  const label = q?.type === 'choice' ? q.options.find((o) => o.value === answer)?.label : undefined;
  return `${name} is ${label ?? String(answer)}`;
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function modelOf(catalog: Catalog, id: string) {
  const model = catalog.model(id);
  // loadCatalog cross-checks rules and fallback, so this only fires for a hand-built catalog.
  if (!model) throw new Error(`classification names model "${id}", which the catalog does not hold`);
  return model;
}

function indexOf(catalog: Catalog): Index {
  let index = indexes.get(catalog);
  if (!index) {
    const testedIds = new Set(catalog.rules.flatMap((r) => [...Object.keys(r.all ?? {}), ...Object.keys(r.any ?? {})]));
    index = {
      questions: new Map(catalog.questions.map((q) => [q.id, q])),
      tested: catalog.questions.filter((q) => testedIds.has(q.id)),
    };
    indexes.set(catalog, index);
  }
  return index;
}
