import type { ChecklistView } from '../../src/index.js';
import { withRefresh, type AdaptiveCard } from './cards/card-types.js';
import { checklistCard, type OpenStepForm } from './cards/checklist-card.js';
import { checklistLayout } from './cards/checklist-layout.js';
import { summaryCard, type OpenSummaryForm } from './cards/summary-card.js';

export const SUMMARY_KEY = 'summary';

export interface ReleaseMessage {
  /** The key under location.messageIds. */
  key: string;
  card: AdaptiveCard;
  stepNumbers: number[];
}

/** A closed or cancelled release never changes again: its cards need no refresh. */
const live = (view: ChecklistView, card: AdaptiveCard) => (view.actionable ? withRefresh(card, view.releaseId) : card);

/** Every message a release owns in its thread, keyed as in location.messageIds, in posting order. */
export function releaseMessages(view: ChecklistView, timeZone: string, open?: { step?: OpenStepForm } & OpenSummaryForm): ReleaseMessage[] {
  const parts = checklistLayout(view);
  return [
    { key: SUMMARY_KEY, card: live(view, summaryCard(view, timeZone, { ...(open?.release ? { release: open.release } : {}), ...(open?.gate ? { gate: open.gate } : {}) })), stepNumbers: [] },
    ...parts.map((part, i) => ({
      key: part.key,
      card: live(view, checklistCard(view, part, i, parts.length, timeZone, open?.step)),
      stepNumbers: part.phases.flatMap((p) => p.steps.map((s) => s.number)),
    })),
  ];
}

/**
 * The card a clicked message shows now: the one stored under its id, else (a copy we no longer track, or the form
 * that becomes the summary) the part that shows the step, else the summary.
 */
export function cardForMessage(messages: readonly ReleaseMessage[], messageIds: Record<string, string>, messageId: string | undefined, step?: number): AdaptiveCard {
  const key = Object.entries(messageIds).find(([, id]) => id === messageId)?.[0];
  const found = messages.find((m) => m.key === key) ?? (step === undefined ? undefined : messages.find((m) => m.stepNumbers.includes(step)));
  return (found ?? messages[0]!).card;
}
