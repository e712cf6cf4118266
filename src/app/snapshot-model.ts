import { PHASES } from '../domain/phases.js';
import type { ReleaseModel } from '../models/model-schema.js';

/**
 * The copy of a model a release keeps for life. Steps are put in phase order once, here, so a step's number
 * ("done 3") never changes while the release runs, whatever later edits do to the model file.
 */
export function snapshotModel(model: ReleaseModel): ReleaseModel {
  const copy = structuredClone(model);
  const rank = (phase: string) => PHASES.indexOf(phase as (typeof PHASES)[number]);
  copy.steps = copy.steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => rank(a.step.phase) - rank(b.step.phase) || a.i - b.i)
    .map(({ step }) => step);
  delete copy.$schema;
  return copy;
}
