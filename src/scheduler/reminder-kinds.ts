import { describeOffset, parseOffset } from '../domain/duration.js';
import type { ReminderState, Release } from '../domain/release-schema.js';
import type { ReleaseModel, ReminderDef } from '../models/model-schema.js';

/** Before the deployment, or after it (timed from when it happened). */
export type ReminderSide = 'before' | 'after';

export const KIND_LABELS: Record<ReminderState['kind'], string> = {
  communication: 'user communication',
  els_checkin: 'ELS check-in',
  els_exit_review: 'ELS exit review',
  close_nudge: 'nudge to close',
  deploy_nudge: 'missed-deployment nudge',
  correction: 'correction of the deployment time',
  step_overdue: 'overdue-step nudge',
  step_escalation: 'overdue-step escalation',
};

/** Why a reminder was not sent. Stored with it, so the record says why. */
export const SKIP_REASONS = {
  deployedEarly: 'deployed early',
  deployedBeforeSent: 'deployed before it was sent',
  timePassed: 'its deployment time had passed',
  stepsSettled: 'its steps were done or skipped in time',
} as const;

export function isStepReminder(r: Pick<ReminderState, 'kind'>): boolean {
  return r.kind === 'step_overdue' || r.kind === 'step_escalation';
}

/**
 * Communication before T announces the deployment ahead, so it only makes sense before it. Communication at or
 * after T (the go-live message and later) is about the deployment having happened, like the ELS reminders: it
 * waits for the deployment and is timed from it.
 */
export function defSide(def: Pick<ReminderDef, 'kind' | 'at'>): ReminderSide {
  return def.kind === 'communication' && parseOffset(def.at) < 0 ? 'before' : 'after';
}

export function reminderSide(model: ReleaseModel, r: Pick<ReminderState, 'kind' | 'defId'>): ReminderSide {
  switch (r.kind) {
    case 'deploy_nudge':
    case 'correction':
    // Planned only once they can be late (steps due after T only once deployed), so they never wait.
    case 'step_overdue':
    case 'step_escalation':
      return 'before';
    case 'close_nudge':
    case 'els_checkin':
    case 'els_exit_review':
      return 'after';
    case 'communication': {
      const def = model.reminders.find((d) => d.id === r.defId);
      return def ? defSide(def) : 'before';
    }
  }
}

/** Never sent before the deployment, whatever its due time says (a release stored before this rule may still hold one). */
export function waitsForDeployment(release: Pick<Release, 'model' | 'deployedAt'>, r: Pick<ReminderState, 'kind' | 'defId'>): boolean {
  return release.deployedAt === undefined && reminderSide(release.model, r) === 'after';
}

/** "T-2d user communication", "T+1d ELS check-in", "missed-deployment nudge". */
export function reminderLabel(model: ReleaseModel, r: Pick<ReminderState, 'kind' | 'defId'>): string {
  const def = model.reminders.find((d) => d.id === r.defId);
  return def && def.kind === r.kind ? `${describeOffset(def.at)} ${KIND_LABELS[def.kind]}` : KIND_LABELS[r.kind];
}
