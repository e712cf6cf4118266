import { splitChecklist, type ChecklistView, type PhaseView } from '../../../src/index.js';

/** One checklist message: whole phases, or a slice of one very long phase. */
export interface ChecklistPart {
  /** The key under location.messageIds: "phase:<first phase>" or "phase:<phase>:<n>" for later slices. */
  key: string;
  phases: PhaseView[];
}

/**
 * Worst case an open step costs about 4.8 KB as Teams counts (UTF-16): the longest title and help the model allows,
 * an assignee's name, three buttons with their Action.Submit fallbacks and the step id in their data; a skipped one
 * carries a reason instead. So 7 steps and the heading stay under the 40 KB budget; the card tests check it.
 */
export const MAX_STEPS_PER_CARD = 7;

/** Whole phases share a card up to the budget; a longer phase is sliced, as in Slack. */
export function checklistLayout(view: Pick<ChecklistView, 'phases'>, maxSteps = MAX_STEPS_PER_CARD): ChecklistPart[] {
  return splitChecklist(view, { maxSteps, packPhases: true }).map(({ key, slices }) => ({ key, phases: slices.map((s) => ({ ...s.phase, steps: s.steps })) }));
}
