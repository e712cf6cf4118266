import { ReleaseError } from '../domain/release-error.js';
import type { Catalog } from '../models/catalog.js';
import type { ReleaseModel } from '../models/model-schema.js';
import type { ClassificationResult } from './release-service.js';

/** The suggested model, or the person's override of it, which must name a model and give a reason. */
export function chooseModel(
  catalog: Catalog,
  suggested: ClassificationResult,
  override: { modelId: string; reason: string } | undefined,
): { model: ReleaseModel; override?: { modelId: string; reason: string } } {
  const wanted = override && override.modelId !== suggested.modelId ? override : undefined;
  const id = wanted?.modelId ?? suggested.modelId;
  const model = catalog.model(id);
  if (!model) {
    const known = catalog.models.map((m) => m.id).join(', ');
    throw new ReleaseError('invalid', `There is no release model "${id}". Choose one of: ${known}.`, 'model');
  }
  if (wanted && !wanted.reason.trim()) {
    throw new ReleaseError('invalid', `Say why ${model.name} fits better than the suggested model: an override needs a reason.`, 'reason');
  }
  return wanted ? { model, override: { modelId: wanted.modelId, reason: wanted.reason.trim() } } : { model };
}
