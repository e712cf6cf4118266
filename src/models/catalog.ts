import type { ReleaseModel } from './model-schema.js';
import type { Question, Rule } from './questions-schema.js';
import type { FreezeWindow } from '../domain/freeze-windows.js';

/** Every release model and the classification questions, loaded and cross-checked once at startup. */
export interface Catalog {
  models: ReleaseModel[];
  questions: Question[];
  rules: Rule[];
  fallback: string;
  /** From the optional models/freeze-windows.yaml; empty without it. */
  freezeWindows: FreezeWindow[];
  model(id: string): ReleaseModel | undefined;
}

export function createCatalog(parts: Omit<Catalog, 'model' | 'freezeWindows'> & { freezeWindows?: FreezeWindow[] }): Catalog {
  const byId = new Map(parts.models.map((m) => [m.id, m]));
  return { ...parts, freezeWindows: parts.freezeWindows ?? [], model: (id) => byId.get(id) };
}
