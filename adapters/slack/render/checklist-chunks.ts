import type { ChecklistView, Phase, PhaseView, StepView } from '../../../src/index.js';

/**
 * How many steps one thread message holds. Chunks depend only on the step list, never on step states,
 * so a release keeps the same messages for its whole life: 20 steps × 2 blocks + 3 = 43 blocks,
 * and 20 × (480 + button texts) stays under the ~12,000-character ceiling.
 */
export const STEPS_PER_MESSAGE = 20;

export interface ChecklistChunk {
  /** The messageIds key: "phase:build", then "phase:build:2" for a long phase's second message. */
  key: string;
  phase: PhaseView;
  steps: StepView[];
  part: number;
  parts: number;
}

export function phaseKey(phase: Phase, part: number): string {
  return part === 1 ? `phase:${phase}` : `phase:${phase}:${part}`;
}

export function chunkChecklist(view: ChecklistView): ChecklistChunk[] {
  return view.phases
    .filter((p) => p.steps.length > 0)
    .flatMap((phase) => {
      const parts = Math.ceil(phase.steps.length / STEPS_PER_MESSAGE);
      return Array.from({ length: parts }, (_, i) => ({
        key: phaseKey(phase.phase, i + 1),
        phase,
        steps: phase.steps.slice(i * STEPS_PER_MESSAGE, (i + 1) * STEPS_PER_MESSAGE),
        part: i + 1,
        parts,
      }));
    });
}
