import type { Actor } from '../domain/actor.js';
import type { RoleHolders } from '../domain/gates.js';
import type { ReminderState, Release } from '../domain/release-schema.js';
import { ROLE_LABELS, type Role } from '../domain/roles.js';
import { stepDueAt } from '../domain/step-due-at.js';
import { formatTime } from '../format/format-time.js';
import { relativeTime } from '../format/relative-time.js';
import type { ReminderMessage } from './reminder-message.js';
import { unstaffedNote } from './reminder-mentions.js';

type Text = Pick<ReminderMessage, 'title' | 'text' | 'roles' | 'mentions'>;

interface OpenStep {
  number: number;
  stepId: string;
  title: string;
  owner: Role;
  assignee?: Actor;
  dueAt?: Date;
}

/** The nudge's steps that are still open now: done or skipped ones drop out of the message, and all of them make it moot. */
export function openStepIds(release: Release, r: Pick<ReminderState, 'stepIds'>): string[] {
  return openSteps(release, r, 'UTC').map((s) => s.stepId);
}

function openSteps(release: Release, r: Pick<ReminderState, 'stepIds'>, timeZone: string): OpenStep[] {
  const ids = new Set(r.stepIds ?? []);
  return release.model.steps.flatMap((def, i) => {
    const state = release.steps[i];
    if (!ids.has(def.id) || state?.state !== 'open') return [];
    const dueAt = stepDueAt(release, def, timeZone);
    return [{ number: i + 1, stepId: def.id, title: def.title, owner: def.owner, ...(state.assignee ? { assignee: state.assignee } : {}), ...(dueAt ? { dueAt } : {}) }];
  });
}

function describe(s: OpenStep): string {
  return `step ${s.number} “${s.title}” (${ROLE_LABELS[s.owner]}${s.assignee ? `, ${s.assignee.name}` : ''})`;
}

/**
 * A step fell due and is still open: its assignee is asked, else whoever holds its role here, else the release
 * manager, who is told the role is unstaffed.
 */
export function stepOverdueText(release: Release, r: ReminderState, timeZone: string, now: Date, holders: RoleHolders): Text {
  const steps = openSteps(release, r, timeZone);
  const people = new Map<string, Actor>();
  const unstaffed = new Set<Role>();
  for (const s of steps) {
    const found = s.assignee ? [s.assignee] : [...(holders[s.owner] ?? []), ...(s.owner === 'release_manager' ? [release.releaseManager] : [])];
    if (found.length === 0) unstaffed.add(s.owner);
    for (const p of found) people.set(p.id, p);
  }
  if (unstaffed.size || people.size === 0) people.set(release.releaseManager.id, release.releaseManager);
  const due = `${formatTime(r.dueAt, timeZone)} (${relativeTime(r.dueAt, now, timeZone)})`;
  const what = steps.length === 1 ? `${cap(describe(steps[0]!))} was due ${due} and is still open.` : `${steps.length} steps were due ${due} and are still open: ${steps.map(describe).join('; ')}.`;
  const n = steps.length === 1 ? String(steps[0]!.number) : '<n>';
  return {
    title: `Overdue step${steps.length === 1 ? '' : 's'} · ${release.id} ${release.title}`,
    text: `${what} Mark it done ("done ${n} ${release.id}") or skip it with a reason ("skip ${n} ${release.id} <reason>").${unstaffedNote([...unstaffed])}`,
    roles: [...new Set(steps.map((s) => s.owner))],
    mentions: [...people.values()],
  };
}

/** Still open long after it fell due: the release manager is told, with who has it, so they can chase or reassign it. */
export function stepEscalationText(release: Release, r: ReminderState, timeZone: string, now: Date): Text {
  const steps = openSteps(release, r, timeZone);
  const lines = steps.map((s) => `${cap(describe(s))}, overdue since ${s.dueAt ? `${formatTime(s.dueAt, timeZone)} (${relativeTime(s.dueAt, now, timeZone)})` : 'its due time'}`);
  return {
    title: `Escalation: overdue step${steps.length === 1 ? '' : 's'} · ${release.id} ${release.title}`,
    text:
      `${lines.join('.\n')}. ${steps.length === 1 ? 'It is' : 'They are'} still open. As release manager, chase ${steps.length === 1 ? 'it' : 'them'}, ` +
      `hand ${steps.length === 1 ? 'it' : 'one'} to someone else ("assign <n> ${release.id} @name"), or skip ${steps.length === 1 ? 'it' : 'one'} with a reason.`,
    roles: ['release_manager'],
    mentions: [release.releaseManager],
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
