import { ReleaseError } from './release-error.js';
import type { Release } from './release-schema.js';

/** Resolves "3" (as shown) or a step id to its index. */
export function findStep(release: Release, step: number | string): number {
  const count = release.model.steps.length;
  const index =
    typeof step === 'number' || /^\d+$/.test(step)
      ? Number(step) - 1
      : release.model.steps.findIndex((s) => s.id === step);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new ReleaseError('not_found', `${release.id} has no step ${String(step)}: its steps are numbered 1 to ${count}.`, 'step');
  }
  return index;
}
