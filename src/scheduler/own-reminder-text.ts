import { OUTCOMES, type ReminderState, type Release } from '../domain/release-schema.js';
import type { Role } from '../domain/roles.js';
import { formatTime } from '../format/format-time.js';
import { relativeTime } from '../format/relative-time.js';
import type { ReminderMessage } from './reminder-message.js';
import { reminderMentions } from './reminder-mentions.js';
import { reminderLabel } from './reminder-kinds.js';

/* The words of the bot's own reminders: the nudges to close and to deploy, and the correction after a reschedule. */

type Text = Pick<ReminderMessage, 'title' | 'text' | 'roles' | 'mentions'>;

export function closeNudgeText(release: Release, timeZone: string): Text {
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

/** The planned time passed (with the on-time tolerance) and nothing recorded the deployment: the three ways on. */
export function deployNudgeText(release: Release, timeZone: string, now: Date): Text {
  const planned = `${formatTime(release.plannedAt, timeZone)} (${relativeTime(release.plannedAt, now, timeZone)})`;
  return {
    title: `Not deployed yet · ${release.id} ${release.title}`,
    text:
      `${release.id} "${release.title}" was planned for ${planned} and is not recorded as deployed. ` +
      `If it went out, record it: "deploy ${release.id}". If it moved: "reschedule ${release.id} <time>". ` +
      `If it will not happen: "cancel ${release.id} <reason>".`,
    roles: ['release_manager'],
    mentions: [release.releaseManager],
  };
}

/** Names the new time, the old one, and what already went out with the old one, with a draft to send. */
export function correctionText(release: Release, correction: ReminderState, timeZone: string, now: Date): Omit<Text, 'title'> & Pick<ReminderMessage, 'draft'> {
  const told = release.reminders.filter(
    (r) => r.id !== correction.id && (r.kind === 'communication' || r.kind === 'correction') && r.status === 'sent' && (r.sentAt ?? '') <= correction.dueAt,
  );
  const roles = [...new Set<Role>(told.flatMap((r) => release.model.reminders.find((d) => d.id === r.defId)?.owners ?? ['comms']))];
  const old = correction.previousPlannedAt ? formatTime(correction.previousPlannedAt, timeZone) : 'the old time';
  const planned = formatTime(release.plannedAt, timeZone);
  const when = relativeTime(release.plannedAt, now, timeZone);
  const list = told.map((r) => `${reminderLabel(release.model, r)}${r.sentAt ? ` (sent ${formatTime(r.sentAt, timeZone, 'short')})` : ''}`).join(', ');
  return {
    text:
      `${release.id} "${release.title}" moved from ${old} to ${planned} (${when}). ` +
      `${list ? `Already sent with the old time: ${list}. ` : ''}Tell the same people the new time.`,
    draft: `Correction: "${release.title}" (${release.id}) now goes live ${when}, ${planned}, not ${old} as announced.`,
    roles: roles.length ? roles : ['comms'],
    mentions: reminderMentions(release, roles.length ? roles : ['comms']),
  };
}
