import type { ChecklistView, PhaseView } from '../../../src/index.js';

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

/**
 * Splits the checklist into messages. It depends only on the model's phases and step counts, never on
 * step state, so the same release always maps to the same messages and stored ids stay valid.
 */
export function checklistLayout(view: Pick<ChecklistView, 'phases'>, maxSteps = MAX_STEPS_PER_CARD): ChecklistPart[] {
  const parts: ChecklistPart[] = [];
  let current: PhaseView[] = [];
  let count = 0;
  const flush = () => {
    if (current.length) parts.push({ key: `phase:${current[0]!.phase}`, phases: current });
    current = [];
    count = 0;
  };
  for (const phase of view.phases) {
    if (phase.steps.length > maxSteps) {
      flush();
      for (let i = 0; i * maxSteps < phase.steps.length; i++) {
        const steps = phase.steps.slice(i * maxSteps, (i + 1) * maxSteps);
        parts.push({ key: i === 0 ? `phase:${phase.phase}` : `phase:${phase.phase}:${i + 1}`, phases: [{ ...phase, steps }] });
      }
      continue;
    }
    if (count + phase.steps.length > maxSteps) flush();
    current.push(phase);
    count += phase.steps.length;
  }
  flush();
  return parts;
}
