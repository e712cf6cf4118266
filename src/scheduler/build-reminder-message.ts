import { describeOffset } from '../domain/duration.js';
import { OUTCOMES, type ReminderState, type Release } from '../domain/release-schema.js';
import type { ReminderDef } from '../models/model-schema.js';
import { formatTime } from '../format/format-time.js';
import type { ReminderMessage } from './reminder-message.js';
import { reminderMentions } from './reminder-mentions.js';

const KIND_LABELS: Record<ReminderState['kind'], string> = {
  communication: 'user communication',
  els_checkin: 'ELS check-in',
  els_exit_review: 'ELS exit review',
  close_nudge: 'close the release',
};

/** Fills a model's {id}, {title}, {model} and {plannedAt}; other braces are left as written. */
export function fillPlaceholders(text: string, release: Release, timeZone: string): string {
  const values: Record<string, string> = {
    id: release.id,
    title: release.title,
    model: release.model.name,
    plannedAt: formatTime(release.plannedAt, timeZone),
  };
  return text.replace(/\{(id|title|model|plannedAt)\}/g, (_m, key: string) => values[key] ?? _m);
}

/** The neutral reminder every surface renders, e.g. "T-2d user communication · R-42 Checkout v2". */
export function buildReminderMessage(release: Release, reminder: ReminderState, timeZone: string): ReminderMessage {
  const base = {
    releaseId: release.id,
    reminderId: reminder.id,
    kind: reminder.kind,
    timing: reminder.timing ?? 'on_time',
    dueAt: reminder.dueAt,
  } as const;
  const def = release.model.reminders.find((d) => d.id === reminder.defId);
  if (reminder.kind === 'close_nudge' || !def) return { ...base, ...closeNudge(release, timeZone) };
  return {
    ...base,
    title: `${describeOffset(def.at)} ${KIND_LABELS[def.kind]} · ${release.id} ${release.title}`,
    text: fillPlaceholders(def.message, release, timeZone),
    roles: [...def.owners],
    mentions: reminderMentions(release, def.owners),
    ...extras(def, release, timeZone),
  };
}

function extras(def: ReminderDef, release: Release, timeZone: string): Pick<ReminderMessage, 'draft' | 'exitCriteria'> {
  if (def.kind === 'communication' && def.draft) return { draft: fillPlaceholders(def.draft, release, timeZone) };
  if (def.kind === 'els_exit_review' && release.model.els) return { exitCriteria: [...release.model.els.exitCriteria] };
  return {};
}

function closeNudge(release: Release, timeZone: string): Pick<ReminderMessage, 'title' | 'text' | 'roles' | 'mentions'> {
  const since = release.deployedAt ? `deployed ${formatTime(release.deployedAt, timeZone)}` : `planned for ${formatTime(release.plannedAt, timeZone)}`;
  const why = release.model.els
    ? 'Its early life support window has ended'
    : release.deployedAt
      ? 'It went out over a day ago'
      : 'Its planned deployment time passed over a day ago';
  return {
    title: `Close ${release.id} ${release.title}`,
    text:
      `${why} (${since}) and it is still open. ` +
      `Close it with its outcome: "close ${release.id} ${OUTCOMES.join('|')}", or cancel it if it never went out.`,
    roles: ['release_manager'],
    mentions: [release.releaseManager],
  };
}
