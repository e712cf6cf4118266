import type { ChecklistView } from '../../src/view/checklist-view.js';
import type { AdaptiveCard } from './cards/card-types.js';
import { checklistCard } from './cards/checklist-card.js';
import { checklistLayout } from './cards/checklist-layout.js';
import { summaryCard } from './cards/summary-card.js';

export const SUMMARY_KEY = 'summary';

/** Every message a release owns in its thread, keyed as in location.messageIds, in posting order. */
export function releaseMessages(view: ChecklistView, timeZone: string): Array<{ key: string; card: AdaptiveCard; stepNumbers: number[] }> {
  const parts = checklistLayout(view);
  return [
    { key: SUMMARY_KEY, card: summaryCard(view, timeZone), stepNumbers: [] },
    ...parts.map((part, i) => ({
      key: part.key,
      card: checklistCard(view, part, i, parts.length, timeZone),
      stepNumbers: part.phases.flatMap((p) => p.steps.map((s) => s.number)),
    })),
  ];
}
