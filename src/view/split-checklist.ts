import type { ChecklistView, PhaseView, StepView } from './checklist-view.js';

/** One checklist message: whole phases, or one slice of a phase too long for one message. */
export interface ChecklistPart {
  /** The key under location.messageIds: "phase:<first phase>", or "phase:<phase>:<n>" for a long phase's later slices. */
  key: string;
  /** Each phase with the steps this message shows; `part` of `parts` when a phase is split. */
  slices: Array<{ phase: PhaseView; steps: StepView[]; part: number; parts: number }>;
}

/**
 * Splits a checklist into chat messages of at most `maxSteps` steps. With `packPhases`, short phases share a
 * message; otherwise each phase has its own. The split depends only on the model's phases and step counts, never on
 * step states, so a release keeps the same messages, and the same stored message ids, for its whole life.
 */
export function splitChecklist(view: Pick<ChecklistView, 'phases'>, opts: { maxSteps: number; packPhases: boolean }): ChecklistPart[] {
  const parts: ChecklistPart[] = [];
  let current: ChecklistPart['slices'] = [];
  let count = 0;
  const flush = () => {
    if (current.length) parts.push({ key: `phase:${current[0]!.phase.phase}`, slices: current });
    current = [];
    count = 0;
  };
  for (const phase of view.phases) {
    const n = Math.ceil(phase.steps.length / opts.maxSteps);
    if (n === 0) continue;
    if (n > 1 || !opts.packPhases) {
      flush();
      for (let i = 0; i < n; i++) {
        const steps = phase.steps.slice(i * opts.maxSteps, (i + 1) * opts.maxSteps);
        parts.push({ key: i === 0 ? `phase:${phase.phase}` : `phase:${phase.phase}:${i + 1}`, slices: [{ phase, steps, part: i + 1, parts: n }] });
      }
      continue;
    }
    if (count + phase.steps.length > opts.maxSteps) flush();
    current.push({ phase, steps: phase.steps, part: 1, parts: 1 });
    count += phase.steps.length;
  }
  flush();
  return parts;
}
