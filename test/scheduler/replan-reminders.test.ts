import { describe, expect, it } from 'vitest';
import type { ReminderState } from '../../src/domain/release-schema.js';
import { cancelReminders, CLOSE_CANCELS } from '../../src/scheduler/cancel-reminders.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { replanReminders } from '../../src/scheduler/replan-reminders.js';
import { elsModel } from './fixtures.js';

const tz = 'Europe/Berlin';
const plannedAt = '2026-06-10T07:00:00Z';
const base = { releaseId: 'R-1', model: elsModel, timeZone: tz };
const byDef = (rs: ReminderState[]) => Object.fromEntries(rs.map((r) => [r.defId, r]));
const brief = (rs: ReminderState[]) => rs.map((r) => [r.id, r.status, r.dueAt, r.reason]);

function planned(now: string): ReminderState[] {
  return planReminders({ ...base, plannedAt, now: new Date(now) });
}
const sent = (r: ReminderState, at: string): ReminderState => ({ ...r, status: 'sent', sentAt: at, timing: 'on_time' });

describe('replanReminders: a reschedule', () => {
  it('moves pending reminders and the missed-deployment nudge, and leaves history alone', () => {
    const now = '2026-06-08T10:00:00Z';
    const current = planned('2026-06-01T00:00:00Z').map((r): ReminderState => {
      if (r.defId === 'announce-2d') return sent(r, '2026-06-08T07:00:05.000Z');
      if (r.defId === 'announce-1h') return { ...r, attempts: 2, nextAttemptAt: '2026-06-10T06:01:00.000Z', lastError: 'boom', claimedAt: '2026-06-10T06:00:30.000Z' };
      return r;
    });
    const next = byDef(replanReminders(current, { ...base, plannedAt: '2026-06-17T07:00:00Z', now: new Date(now) }));
    expect(next['announce-2d']).toEqual(byDef(current)['announce-2d']);
    expect(next['announce-1h']).toEqual({ id: 'R-1:announce-1h', defId: 'announce-1h', kind: 'communication', dueAt: '2026-06-17T06:00:00.000Z', status: 'pending', attempts: 0 });
    expect(next['deploy-nudge']).toMatchObject({ id: 'R-1:deploy-nudge', dueAt: '2026-06-17T08:00:00.000Z', status: 'pending' });
    // Nothing that follows the deployment exists before it.
    expect(Object.keys(next).sort()).toEqual(['announce-1h', 'announce-2d', 'deploy-nudge']);
  });

  it('marks announcements that a reschedule pulls into the past as overdue, and clears overdue from those it pushes out', () => {
    const current = planned('2026-06-10T06:30:00Z'); // created late: T-2d and T-1h overdue
    expect(byDef(current)['announce-2d']?.timing).toBe('overdue');
    const later = byDef(replanReminders(current, { ...base, plannedAt: '2026-06-20T07:00:00Z', now: new Date('2026-06-10T06:31:00Z') }));
    expect(later['announce-2d']?.timing).toBeUndefined();
    const sooner = byDef(replanReminders(current, { ...base, plannedAt: '2026-06-10T06:45:00Z', now: new Date('2026-06-10T06:31:00Z') }));
    expect(sooner['announce-1h']).toMatchObject({ dueAt: '2026-06-10T05:45:00.000Z', timing: 'overdue' });
  });

  it('restarts the daily missed-deployment nudges from the new time', () => {
    const current: ReminderState[] = [
      ...planned('2026-06-01T00:00:00Z').map((r) => (r.kind === 'deploy_nudge' ? sent(r, '2026-06-10T08:00:00.000Z') : r)),
      { id: 'R-1:deploy-nudge:2', defId: 'deploy-nudge', kind: 'deploy_nudge', dueAt: '2026-06-11T08:00:00.000Z', status: 'pending', attempts: 0 },
    ];
    const next = replanReminders(current, { ...base, plannedAt: '2026-06-12T07:00:00Z', now: new Date('2026-06-10T09:00:00Z') });
    expect(next.filter((r) => r.kind === 'deploy_nudge').map((r) => [r.id, r.status, r.dueAt])).toEqual([
      ['R-1:deploy-nudge', 'sent', '2026-06-10T08:00:00.000Z'],
      ['R-1:deploy-nudge:2', 'pending', '2026-06-12T08:00:00.000Z'],
    ]);
  });

  it('plans again an announcement skipped because its time had passed, once the new time is ahead', () => {
    const backdated = planReminders({ ...base, plannedAt, now: new Date('2026-06-10T09:00:00Z') });
    expect(byDef(backdated)['announce-1h']?.status).toBe('skipped');
    const next = byDef(replanReminders(backdated, { ...base, plannedAt: '2026-06-15T07:00:00Z', now: new Date('2026-06-10T09:05:00Z') }));
    expect(next['announce-2d']).toMatchObject({ status: 'pending', dueAt: '2026-06-13T07:00:00.000Z' });
    expect(next['announce-1h']?.reason).toBeUndefined();
  });

  it('leaves a reminder that is being sent to the scheduler', () => {
    const current = planned('2026-06-01T00:00:00Z').map((r) => (r.defId === 'announce-1h' ? { ...r, status: 'sending' as const, claimedAt: '2026-06-10T06:00:00.000Z' } : r));
    const next = byDef(replanReminders(current, { ...base, plannedAt: '2026-06-12T07:00:00Z', now: new Date('2026-06-10T06:00:01Z') }));
    expect(next['announce-1h']).toEqual(byDef(current)['announce-1h']);
  });

  it('does not change its input', () => {
    const current = planned('2026-06-01T00:00:00Z');
    const copy = structuredClone(current);
    replanReminders(current, { ...base, plannedAt: '2026-07-01T07:00:00Z', now: new Date('2026-06-02T00:00:00Z') });
    replanReminders(current, { ...base, plannedAt, deployedAt: '2026-06-02T00:00:00Z', now: new Date('2026-06-02T00:00:00Z') });
    expect(current).toEqual(copy);
  });
});

describe('replanReminders: the deployment', () => {
  it('deploying early skips the pending announcements, ends the nudge, and plans go-live, ELS and the close nudge from the deployment', () => {
    const deployedAt = '2026-06-09T15:20:00.000Z'; // the day before the planned time
    const current = planned('2026-06-01T00:00:00Z').map((r) => (r.defId === 'announce-2d' ? sent(r, '2026-06-08T07:00:00.000Z') : r));
    const next = replanReminders(current, { ...base, plannedAt, deployedAt, now: new Date(deployedAt) });
    expect(brief(next)).toEqual([
      ['R-1:announce-2d', 'sent', '2026-06-08T07:00:00.000Z', undefined],
      ['R-1:announce-1h', 'skipped', '2026-06-10T06:00:00.000Z', 'deployed early'],
      ['R-1:deploy-nudge', 'cancelled', '2026-06-10T08:00:00.000Z', undefined],
      ['R-1:live', 'pending', deployedAt, undefined], // the go-live message is sent at the deployment
      ['R-1:els-1d', 'pending', '2026-06-10T15:20:00.000Z', undefined],
      ['R-1:els-exit', 'pending', '2026-06-12T15:20:00.000Z', undefined],
      ['R-1:close-nudge', 'pending', '2026-06-16T15:20:00.000Z', undefined],
    ]);
  });

  it('a late deployment plans the ELS check-ins from when it happened, not from the planned time', () => {
    const deployedAt = '2026-06-12T10:00:00.000Z'; // two days late
    const current = planned('2026-06-01T00:00:00Z').map((r) => (r.kind === 'communication' ? sent(r, r.dueAt) : r));
    const next = byDef(replanReminders(current, { ...base, plannedAt, deployedAt, now: new Date(deployedAt) }));
    expect(next['els-1d']).toMatchObject({ status: 'pending', dueAt: '2026-06-13T10:00:00.000Z' });
    expect(next['els-1d']?.timing).toBeUndefined();
    expect(next['els-exit']?.dueAt).toBe('2026-06-15T10:00:00.000Z');
  });

  it('a withdrawn deployment drops what waited for it and was never sent, keeps what was, and brings the nudge back', () => {
    const deployedAt = '2026-06-10T07:05:00.000Z';
    const deployed = replanReminders(planned('2026-06-01T00:00:00Z'), { ...base, plannedAt, deployedAt, now: new Date(deployedAt) }).map((r) =>
      r.defId === 'live' ? sent(r, deployedAt) : r,
    );
    const withdrawn = replanReminders(deployed, { ...base, plannedAt, now: new Date('2026-06-10T07:30:00.000Z') });
    expect(withdrawn.filter((r) => r.status === 'pending').map((r) => r.id)).toEqual(['R-1:deploy-nudge:2']);
    expect(byDef(withdrawn)['live']?.status).toBe('sent');
    expect(withdrawn.some((r) => r.kind.startsWith('els') || r.kind === 'close_nudge')).toBe(false);
    // Deployed again: the ELS reminders are planned from the new deployment.
    const again = byDef(replanReminders(withdrawn, { ...base, plannedAt, deployedAt: '2026-06-10T09:00:00.000Z', now: new Date('2026-06-10T09:00:00.000Z') }));
    expect(again['els-1d']?.dueAt).toBe('2026-06-11T09:00:00.000Z');
    expect(again['deploy-nudge']).toBeDefined();
  });
});

describe('cancelReminders', () => {
  const history = (rs: ReminderState[]) => rs.map((r): ReminderState => (r.defId === 'announce-2d' ? sent(r, '2026-06-08T07:00:00.000Z') : r));

  it('cancels everything still to come when a release is cancelled, and keeps what was sent', () => {
    const current = history(planned('2026-06-01T00:00:00Z'));
    const next = cancelReminders(current, undefined, new Date('2026-06-09T00:00:00Z'));
    expect(next.map((r) => [r.defId, r.status])).toEqual([
      ['announce-2d', 'sent'],
      ['announce-1h', 'cancelled'],
      ['deploy-nudge', 'cancelled'],
    ]);
  });

  it('ends only the ELS reminders and the close nudge when a release is closed', () => {
    const deployedAt = '2026-06-10T07:00:00Z';
    const current = planReminders({ ...base, plannedAt, deployedAt, now: new Date(deployedAt) }).map((r) =>
      r.defId === 'els-1d' ? { ...r, nextAttemptAt: '2026-06-11T07:00:10.000Z', attempts: 1 } : r,
    );
    const next = byDef(cancelReminders(current, { kinds: CLOSE_CANCELS }, new Date('2026-06-10T08:00:00Z')));
    expect(next['live']?.status).toBe('pending');
    expect(next['els-1d']).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(next['els-1d']?.nextAttemptAt).toBeUndefined();
    expect(next['els-exit']?.status).toBe('cancelled');
    expect(next['close-nudge']?.status).toBe('cancelled');
  });
});
