import { describeOutcome } from '../domain/outcome-labels.js';
import type { Release } from '../domain/release-schema.js';
import type { ChecklistView } from './checklist-view.js';

/** What closing recorded, for `status` of a closed release: the same words the close confirmed. */
export function outcomeView(release: Release): ChecklistView['closing'] {
  const o = release.outcome;
  if (!o) return undefined;
  return {
    result: o.result,
    incidents: [...o.incidents],
    ...(o.els ? { els: { ...o.els } } : {}),
    ...(o.note ? { note: o.note } : {}),
    closedBy: o.closedBy,
    closedAt: o.closedAt,
    summary: describeOutcome(o),
  };
}
