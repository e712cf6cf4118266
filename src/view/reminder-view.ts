import { offsetWords } from '../domain/duration.js';
import { isTerminal, type Release } from '../domain/release-schema.js';
import { defSide, isStepReminder, KIND_LABELS, reminderLabel, waitsForDeployment } from '../scheduler/reminder-kinds.js';
import type { ChecklistView } from './checklist-view.js';

/**
 * The next reminder still to come: never one in the past (an overdue one is being sent right now), never one that
 * waits for a deployment that has not happened. Before deployment that is the next announcement or the
 * missed-deployment nudge. Overdue-step nudges are not announcements people wait for, so they are left out. Closed and cancelled releases send nothing more, whatever their reminders still say.
 */
export function nextReminderView(release: Release, now: Date): ChecklistView['nextReminder'] {
  if (isTerminal(release.status)) return undefined;
  const next = release.reminders
    .filter((r) => r.status === 'pending' && !waitsForDeployment(release, r) && !isStepReminder(r))
    .map((r) => ({ r, at: r.nextAttemptAt && r.nextAttemptAt > r.dueAt ? r.nextAttemptAt : r.dueAt }))
    .filter((x) => Date.parse(x.at) >= now.getTime())
    .sort((a, b) => a.at.localeCompare(b.at))[0];
  return next ? { kind: next.r.kind, dueAt: next.at, label: reminderLabel(release.model, next.r) } : undefined;
}

/** Before deployment: the reminders that wait for it, read as "ELS check-in, 1 day after deployment". */
export function afterDeploymentView(release: Release): ChecklistView['afterDeployment'] {
  if (release.deployedAt || isTerminal(release.status)) return undefined;
  const waiting = release.model.reminders.filter((def) => defSide(def) === 'after');
  if (waiting.length === 0) return undefined;
  return waiting.map((def) => {
    const words = offsetWords(def.at);
    return { kind: def.kind, label: KIND_LABELS[def.kind], when: words ? `${words} after deployment` : 'at deployment' };
  });
}
