import { splitChecklist, type ChecklistView, type PhaseView } from '../../../src/index.js';

/** One checklist message: whole phases, or a slice of one very long phase. */
export interface ChecklistPart {
  /** The key under location.messageIds: "phase:<first phase>" or "phase:<phase>:<n>" for later slices. */
  key: string;
  phases: PhaseView[];
}

/**
 * Worst case a step costs about 2.4 KB of card JSON (long title, help, skip reason, names, four buttons with
 * their Action.Submit fallbacks), so 24 steps stay well under the 80 KB budget; the card tests check it.
 */
export const MAX_STEPS_PER_CARD = 24;

/** Whole phases share a card up to the budget; a longer phase is sliced, as in Slack. */
export function checklistLayout(view: Pick<ChecklistView, 'phases'>, maxSteps = MAX_STEPS_PER_CARD): ChecklistPart[] {
  return splitChecklist(view, { maxSteps, packPhases: true }).map(({ key, slices }) => ({ key, phases: slices.map((s) => ({ ...s.phase, steps: s.steps })) }));
}
