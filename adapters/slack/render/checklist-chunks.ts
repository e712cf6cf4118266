import { splitChecklist, type ChecklistPart, type ChecklistView } from '../../../src/index.js';

/**
 * How many steps one thread message holds: 20 steps × 2 blocks + 3 = 43 blocks, and 20 × (480 + button texts)
 * stays under the ~12,000-character ceiling. Each phase has messages of its own.
 */
export const STEPS_PER_MESSAGE = 20;

/** One thread message: its messageIds key ("phase:build", "phase:build:2"), the phase, and the steps it shows. */
export type ChecklistChunk = { key: string } & ChecklistPart['slices'][number];

export function chunkChecklist(view: Pick<ChecklistView, 'phases'>): ChecklistChunk[] {
  return splitChecklist(view, { maxSteps: STEPS_PER_MESSAGE, packPhases: false }).map(({ key, slices: [slice] }) => ({ key, ...slice! }));
}
