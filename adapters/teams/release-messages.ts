import type { ChecklistView } from '../../src/view/checklist-view.js';
import { withRefresh, type AdaptiveCard } from './cards/card-types.js';
import { checklistCard } from './cards/checklist-card.js';
import { checklistLayout } from './cards/checklist-layout.js';
import { summaryCard } from './cards/summary-card.js';

export const SUMMARY_KEY = 'summary';

/** Every message a release owns in its thread, keyed as in location.messageIds, in posting order. */
/** A closed or cancelled release never changes again: its cards need no refresh. */
const live = (view: ChecklistView, card: AdaptiveCard) => (view.actionable ? withRefresh(card, view.releaseId) : card);

export function releaseMessages(view: ChecklistView, timeZone: string): Array<{ key: string; card: AdaptiveCard; stepNumbers: number[] }> {
  const parts = checklistLayout(view);
  return [
    { key: SUMMARY_KEY, card: live(view, summaryCard(view, timeZone)), stepNumbers: [] },
    ...parts.map((part, i) => ({
      key: part.key,
      card: live(view, checklistCard(view, part, i, parts.length, timeZone)),
      stepNumbers: part.phases.flatMap((p) => p.steps.map((s) => s.number)),
    })),
  ];
}
