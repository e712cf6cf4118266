import { ReleaseError } from '../domain/release-error.js';
import { TEXT_LIMITS, typedText } from '../domain/text-limits.js';
import type { Catalog } from '../models/catalog.js';
import type { ReleaseModel } from '../models/model-schema.js';
import type { ClassificationResult } from '../models/classification-result.js';

/** The suggested model, or the person's override of it, which must name a model and give a reason. */
export function chooseModel(
  catalog: Catalog,
  suggested: ClassificationResult,
  override: { modelId: string; reason?: string } | undefined,
): { model: ReleaseModel; override?: { modelId: string; reason: string } } {
  const wanted = override && override.modelId !== suggested.modelId ? override : undefined;
  const id = wanted?.modelId ?? suggested.modelId;
  const model = catalog.model(id);
  if (!model) {
    const known = catalog.models.map((m) => m.id).join(', ');
    throw new ReleaseError('invalid', `There is no release model "${id}". Choose one of: ${known}.`, 'model');
  }
  if (!wanted) return { model };
  const reason = typedText(wanted.reason, {
    field: 'reason',
    max: TEXT_LIMITS.reason,
    what: 'reason for the override',
    required: `Say why ${model.name} fits better than the suggested ${suggested.modelName}: an override needs a reason.`,
  })!;
  return { model, override: { modelId: wanted.modelId, reason } };
}
