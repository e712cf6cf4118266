import type { ReleaseModel } from './model-schema.js';
import type { Question, Rule } from './questions-schema.js';

/** Every release model and the classification questions, loaded and cross-checked once at startup. */
export interface Catalog {
  models: ReleaseModel[];
  questions: Question[];
  rules: Rule[];
  fallback: string;
  model(id: string): ReleaseModel | undefined;
}

export function createCatalog(parts: Omit<Catalog, 'model'>): Catalog {
  const byId = new Map(parts.models.map((m) => [m.id, m]));
  return { ...parts, model: (id) => byId.get(id) };
}
