import type { Release, ReminderState } from '../domain/release-schema.js';
import { stepDueAt, stepWaitsForDeployment } from '../domain/step-due-at.js';
import { parseOffset } from '../domain/duration.js';
import { isStepReminder } from './reminder-kinds.js';

export interface StepNudgeInput {
  now: Date;
  timeZone: string;
  /** STEP_ESCALATE_AFTER: how long a step may stay overdue before the release manager is told, unless its model says. */
  escalateAfterMs: number;
}

export const DEFAULT_STEP_ESCALATE_AFTER_MS = 4 * 3_600_000;

type Kind = 'step_overdue' | 'step_escalation';

/**
 * The overdue-step nudges and escalations a release needs now. Pure; called when the release starts and whenever its
 * times move (reschedule, deployment), so pending ones follow the new times. Steps that fall due at the same moment
 * share one message. Each step is nudged once, and escalated once: a step already in a nudge that went out (or is
 * going out) is not planned again. A nudge whose moment has already passed when planned is not planned at all: a
 * release started late would otherwise open with a burst of pings for steps nobody could have done; the checklist
 * and the daily digest show them as overdue instead.
 */
export function planStepNudges(release: Pick<Release, 'id' | 'model' | 'plannedAt' | 'deployedAt' | 'steps' | 'reminders'>, input: StepNudgeInput): ReminderState[] {
  // Only future ones move: a nudge already due (waiting for the next tick, or retrying after a failed send) stays as it is.
  const kept = release.reminders.filter((r) => !(isStepReminder(r) && r.status === 'pending' && Date.parse(r.dueAt) > input.now.getTime()));
  const covered = (kind: Kind) => new Set(kept.filter((r) => r.kind === kind && r.status !== 'skipped').flatMap((r) => r.stepIds ?? []));
  const planned = [...plan('step_overdue', covered('step_overdue')), ...plan('step_escalation', covered('step_escalation'))];
  return [...kept, ...planned];

  function plan(kind: Kind, done: Set<string>): ReminderState[] {
    const groups = new Map<string, string[]>();
    release.model.steps.forEach((def, i) => {
      if (release.steps[i]?.state !== 'open' || done.has(def.id) || stepWaitsForDeployment(release, def)) return;
      const due = stepDueAt(release, def, input.timeZone);
      if (!due) return;
      const at = kind === 'step_overdue' ? due.getTime() : due.getTime() + escalateAfterMs(def.escalateAfter);
      if (at <= input.now.getTime()) return;
      const key = new Date(at).toISOString();
      groups.set(key, [...(groups.get(key) ?? []), def.id]);
    });
    return [...groups].map(([dueAt, stepIds]) => ({ id: uniqueId(`${release.id}:${kind}:${dueAt}`), defId: kind, kind, dueAt, status: 'pending', attempts: 0, stepIds }));
  }

  function escalateAfterMs(offset: string | undefined): number {
    return offset ? parseOffset(offset) : input.escalateAfterMs;
  }

  function uniqueId(base: string): string {
    let id = base;
    for (let n = 2; kept.some((r) => r.id === id); n++) id = `${base}:${n}`;
    return id;
  }
}
