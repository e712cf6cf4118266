import { applyOffset } from './apply-offset.js';
import { parseOffset } from './duration.js';
import type { Release } from './release-schema.js';
import type { StepDef } from '../models/model-schema.js';

/**
 * When a step is due. A step due before or at T is timed from the planned deployment; one due after T (a check an
 * hour after go-live, an ELS review) follows the actual deployment once there is one, like the ELS reminders.
 */
export function stepDueAt(release: Pick<Release, 'plannedAt' | 'deployedAt'>, def: Pick<StepDef, 'due'>, timeZone: string): Date | undefined {
  if (def.due === undefined) return undefined;
  const after = parseOffset(def.due) > 0;
  return applyOffset(after && release.deployedAt ? release.deployedAt : release.plannedAt, def.due, timeZone);
}

/** A step due after the deployment cannot be late before there is one. */
export function stepWaitsForDeployment(release: Pick<Release, 'deployedAt'>, def: Pick<StepDef, 'due'>): boolean {
  return def.due !== undefined && parseOffset(def.due) > 0 && release.deployedAt === undefined;
}

export function isStepOverdue(release: Pick<Release, 'plannedAt' | 'deployedAt'>, def: Pick<StepDef, 'due'>, state: 'open' | 'done' | 'skipped', now: Date, timeZone: string): boolean {
  if (state !== 'open' || stepWaitsForDeployment(release, def)) return false;
  const due = stepDueAt(release, def, timeZone);
  return due !== undefined && due.getTime() < now.getTime();
}
