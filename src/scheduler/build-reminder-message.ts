import type { ReminderState, Release } from '../domain/release-schema.js';
import type { ReminderDef } from '../models/model-schema.js';
import { formatTime } from '../format/format-time.js';
import { relativeTime } from '../format/relative-time.js';
import type { ReminderMessage } from './reminder-message.js';
import { staffing, unstaffedNote } from './reminder-mentions.js';
import type { RoleHolders } from '../domain/gates.js';
import { reminderLabel } from './reminder-kinds.js';
import { closeNudgeText, correctionText, deployNudgeText } from './own-reminder-text.js';
import { stepEscalationText, stepOverdueText } from './step-nudge-text.js';

/** What a model's messages and drafts may use, each in braces. */
export const PLACEHOLDERS = ['id', 'title', 'model', 'plannedAt', 'deployedAt', 'when'] as const;
const PLACEHOLDER_PATTERN = new RegExp(`\\{(${PLACEHOLDERS.join('|')})\\}`, 'g');

/**
 * Fills a model's placeholders; other braces are left as written. `{when}` is the deployment (the actual one once it
 * happened, else the planned one) in words relative to `now`, the moment the message is sent: "in 3 minutes",
 * "tomorrow", "now". It keeps a late or overdue reminder truthful, where words written into the model ("tomorrow")
 * would not be. `{deployedAt}` is the deployment time, or the planned time before there is one.
 */
export function fillPlaceholders(text: string, release: Release, timeZone: string, now: Date): string {
  const deployment = release.deployedAt ?? release.plannedAt;
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    id: release.id,
    title: release.title,
    model: release.model.name,
    plannedAt: formatTime(release.plannedAt, timeZone),
    deployedAt: formatTime(deployment, timeZone),
    when: relativeTime(deployment, now, timeZone),
  };
  return text.replace(PLACEHOLDER_PATTERN, (_m, key: (typeof PLACEHOLDERS)[number]) => values[key]);
}

/**
 * The neutral reminder every surface renders, e.g. "T-2d user communication · R-42 Checkout v2". `now` is when it
 * is sent; without it the message reads as if sent at its due time.
 */
/** `holders`: who holds which role in the release's place, so a reminder names people rather than a role. */
export function buildReminderMessage(release: Release, reminder: ReminderState, timeZone: string, now = new Date(reminder.dueAt), holders: RoleHolders = {}): ReminderMessage {
  const base = {
    releaseId: release.id,
    reminderId: reminder.id,
    kind: reminder.kind,
    timing: reminder.timing ?? 'on_time',
    dueAt: reminder.dueAt,
  } as const;
  const headline = `${reminderLabel(release.model, reminder)} · ${release.id} ${release.title}`;
  if (reminder.kind === 'deploy_nudge') return { ...base, ...deployNudgeText(release, timeZone, now) };
  if (reminder.kind === 'step_overdue') return { ...base, ...stepOverdueText(release, reminder, timeZone, now, holders) };
  if (reminder.kind === 'step_escalation') return { ...base, ...stepEscalationText(release, reminder, timeZone, now) };
  if (reminder.kind === 'correction') return { ...base, title: `Correction: new deployment time · ${release.id} ${release.title}`, ...correctionText(release, reminder, timeZone, now) };
  const def = release.model.reminders.find((d) => d.id === reminder.defId);
  if (reminder.kind === 'close_nudge' || !def) return { ...base, ...closeNudgeText(release, timeZone) };
  const staffed = staffing(release, def.owners, holders);
  return {
    ...base,
    title: headline,
    text: fillPlaceholders(def.message, release, timeZone, now) + unstaffedNote(staffed.unstaffed),
    roles: [...def.owners],
    mentions: staffed.mentions,
    ...extras(def, release, timeZone, now),
  };
}

function extras(def: ReminderDef, release: Release, timeZone: string, now: Date): Pick<ReminderMessage, 'draft' | 'exitCriteria'> {
  if (def.kind === 'communication' && def.draft) return { draft: fillPlaceholders(def.draft, release, timeZone, now) };
  if (def.kind === 'els_exit_review' && release.model.els) return { exitCriteria: [...release.model.els.exitCriteria] };
  return {};
}

