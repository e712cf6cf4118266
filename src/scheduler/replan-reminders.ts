import type { ReminderState } from '../domain/release-schema.js';
import { closeNudge, deployNudge, planDef } from './plan-reminders.js';
import { closeNudgeDueAt, deployNudgeDueAt, type PlanInput } from './reminder-due-at.js';
import { reminderSide, SKIP_REASONS } from './reminder-kinds.js';

/**
 * After a reschedule, a deployment, or a withdrawn deployment. Pure. Pending reminders move to their new time with
 * fresh retry state (overdue when now in the past); sent, failed, missed and cancelled ones are history, and one
 * being sent belongs to the scheduler. At the deployment:
 * - announcements still pending are skipped ("deployed early"): they would announce what already happened;
 * - the missed-deployment nudge ends;
 * - the go-live and later communication, the ELS reminders and the nudge to close are planned from the deployment.
 * A withdrawn deployment drops what waited for it and was never sent, and the missed-deployment nudge returns.
 */
export function replanReminders(current: ReminderState[], input: PlanInput): ReminderState[] {
  const next = current.flatMap((r) => move(r, input));
  const defs = new Set(next.map((r) => r.defId));
  const deployed = input.deployedAt !== undefined;
  // A reminder the release does not have yet (it follows the deployment, or the model gained it) is planned now.
  for (const def of input.model.reminders) {
    if (!defs.has(def.id) && (reminderSide(input.model, { kind: def.kind, defId: def.id }) === 'after') === deployed) next.push(planDef(def, input));
  }
  const kind = deployed ? 'close_nudge' : 'deploy_nudge';
  if (!next.some((r) => r.kind === kind && (r.status === 'pending' || r.status === 'sending'))) {
    const n = next.filter((r) => r.kind === kind).length + 1;
    next.push(deployed ? closeNudge(input, n) : deployNudge(input, n));
  }
  return next;
}

/** What becomes of one reminder: itself, moved, settled, or nothing (it waited for a deployment that was withdrawn). */
function move(r: ReminderState, input: PlanInput): ReminderState[] {
  const deployed = input.deployedAt !== undefined;
  // An announcement skipped because its time had passed comes back when a reschedule gives it a future again.
  const revived = r.status === 'skipped' && r.reason === SKIP_REASONS.timePassed && !deployed;
  if (r.status !== 'pending' && !revived) return [r];
  switch (r.kind) {
    case 'close_nudge':
      return deployed ? [fresh(r, nudgeDueAt(r, closeNudgeDueAt(input)), input.now)] : [];
    case 'deploy_nudge':
      // A reschedule starts the nudges again from the new time; a deployment ends them.
      return deployed ? [settle(r, 'cancelled')] : [fresh(r, deployNudgeDueAt(input))];
    case 'correction':
      return deployed ? [settle(r, 'skipped', skipReason(input))] : [r];
    default: {
      const def = input.model.reminders.find((d) => d.id === r.defId);
      if (!def) return [r];
      const after = reminderSide(input.model, r) === 'after';
      if (deployed && !after) return [settle(r, 'skipped', skipReason(input))];
      if (!deployed && after) return [];
      return [{ ...planDef(def, input), id: r.id }];
    }
  }
}

function skipReason(input: PlanInput): string {
  return Date.parse(input.deployedAt!) < Date.parse(input.plannedAt) ? SKIP_REASONS.deployedEarly : SKIP_REASONS.deployedBeforeSent;
}

function fresh(r: ReminderState, dueAt: string, now?: Date): ReminderState {
  const timing = now && Date.parse(dueAt) < now.getTime() ? { timing: 'overdue' as const } : {};
  return { id: r.id, defId: r.defId, kind: r.kind, dueAt, status: 'pending', attempts: 0, ...timing };
}

function settle(r: ReminderState, status: 'cancelled' | 'skipped', reason?: string): ReminderState {
  const { nextAttemptAt: _n, ...rest } = r;
  return { ...rest, status, ...(reason ? { reason } : {}) };
}

/**
 * The first nudge follows the end of the window. A repeat already exists only because a nudge was sent,
 * so it keeps its daily slot unless the window now ends later.
 */
function nudgeDueAt(r: ReminderState, windowEnd: string): string {
  const isRepeat = r.id.split(':').length > 2;
  if (!isRepeat) return windowEnd;
  return Date.parse(windowEnd) > Date.parse(r.dueAt) ? windowEnd : r.dueAt;
}
