import { describe, expect, it } from 'vitest';
import type { ReminderState } from '../../src/domain/release-schema.js';
import { cancelReminders, CLOSE_CANCELS } from '../../src/scheduler/cancel-reminders.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { replanReminders } from '../../src/scheduler/replan-reminders.js';
import { elsModel } from './fixtures.js';

const tz = 'Europe/Berlin';
const base = { releaseId: 'R-1', model: elsModel, timeZone: tz };
const byDef = (rs: ReminderState[]) => Object.fromEntries(rs.map((r) => [r.defId, r]));

function planned(now: string): ReminderState[] {
  return planReminders({ ...base, plannedAt: '2026-06-10T07:00:00Z', now: new Date(now) });
}

describe('replanReminders', () => {
  it('moves pending reminders with a reschedule and leaves history alone', () => {
    const now = '2026-06-08T10:00:00Z';
    const current = planned('2026-06-01T00:00:00Z').map((r): ReminderState => {
      if (r.defId === 'announce-2d') return { ...r, status: 'sent', sentAt: '2026-06-08T07:00:05.000Z', timing: 'on_time' };
      if (r.defId === 'announce-1h')
        return { ...r, attempts: 2, nextAttemptAt: '2026-06-10T06:01:00.000Z', lastError: 'boom', claimedAt: '2026-06-10T06:00:30.000Z' };
      return r;
    });
    const next = byDef(replanReminders(current, { ...base, plannedAt: '2026-06-17T07:00:00Z', now: new Date(now) }));
    expect(next['announce-2d']).toEqual(byDef(current)['announce-2d']);
    expect(next['announce-1h']).toEqual({
      id: 'R-1:announce-1h',
      defId: 'announce-1h',
      kind: 'communication',
      dueAt: '2026-06-17T06:00:00.000Z',
      status: 'pending',
      attempts: 0,
    });
    expect(next['live']?.dueAt).toBe('2026-06-17T07:00:00.000Z');
    expect(next['els-exit']?.dueAt).toBe('2026-06-20T07:00:00.000Z');
    expect(next['close-nudge']?.dueAt).toBe('2026-06-24T07:00:00.000Z');
  });

  it('marks reminders that a reschedule pulls into the past as overdue, and clears overdue from those it pushes out', () => {
    const current = planned('2026-06-10T06:30:00Z'); // created late: T-2d and T-1h overdue
    expect(byDef(current)['announce-2d']?.timing).toBe('overdue');
    const later = byDef(replanReminders(current, { ...base, plannedAt: '2026-06-20T07:00:00Z', now: new Date('2026-06-10T06:31:00Z') }));
    expect(later['announce-2d']?.timing).toBeUndefined();
    const sooner = byDef(replanReminders(current, { ...base, plannedAt: '2026-06-10T06:45:00Z', now: new Date('2026-06-10T06:31:00Z') }));
    expect(sooner['announce-1h']).toMatchObject({ dueAt: '2026-06-10T05:45:00.000Z', timing: 'overdue' });
    expect(sooner['live']).toMatchObject({ dueAt: '2026-06-10T06:45:00.000Z' });
    expect(sooner['live']?.timing).toBeUndefined();
  });

  it('moves ELS reminders to follow the actual deployment', () => {
    const current = planned('2026-06-01T00:00:00Z');
    const next = byDef(
      replanReminders(current, { ...base, plannedAt: '2026-06-10T07:00:00Z', deployedAt: '2026-06-10T15:20:00Z', now: new Date('2026-06-10T15:20:00Z') }),
    );
    expect(next['live']?.dueAt).toBe('2026-06-10T07:00:00.000Z');
    expect(next['els-1d']?.dueAt).toBe('2026-06-11T15:20:00.000Z');
    expect(next['close-nudge']?.dueAt).toBe('2026-06-17T15:20:00.000Z');
  });

  it('leaves a reminder that is being sent to the scheduler', () => {
    const current = planned('2026-06-01T00:00:00Z').map((r) =>
      r.defId === 'live' ? { ...r, status: 'sending' as const, claimedAt: '2026-06-10T07:00:00.000Z' } : r,
    );
    const next = byDef(replanReminders(current, { ...base, plannedAt: '2026-06-12T07:00:00Z', now: new Date('2026-06-10T07:00:01Z') }));
    expect(next['live']).toEqual(byDef(current)['live']);
  });

  it('does not change its input', () => {
    const current = planned('2026-06-01T00:00:00Z');
    const copy = structuredClone(current);
    replanReminders(current, { ...base, plannedAt: '2026-07-01T07:00:00Z', now: new Date('2026-06-02T00:00:00Z') });
    expect(current).toEqual(copy);
  });
});

describe('cancelReminders', () => {
  const history = (rs: ReminderState[]) =>
    rs.map((r): ReminderState => (r.defId === 'announce-2d' ? { ...r, status: 'sent', sentAt: '2026-06-08T07:00:00.000Z', timing: 'on_time' } : r));

  it('cancels everything still to come when a release is cancelled, and keeps what was sent', () => {
    const current = history(planned('2026-06-01T00:00:00Z'));
    const next = cancelReminders(current, undefined, new Date('2026-06-09T00:00:00Z'));
    expect(next.map((r) => [r.defId, r.status])).toEqual([
      ['announce-2d', 'sent'],
      ['announce-1h', 'cancelled'],
      ['live', 'cancelled'],
      ['els-1d', 'cancelled'],
      ['els-exit', 'cancelled'],
      ['close-nudge', 'cancelled'],
    ]);
  });

  it('ends only the ELS reminders and the close nudge when a release is closed', () => {
    const current = planned('2026-06-01T00:00:00Z').map((r) => (r.defId === 'els-1d' ? { ...r, nextAttemptAt: '2026-06-11T07:00:10.000Z', attempts: 1 } : r));
    const next = byDef(cancelReminders(current, { kinds: CLOSE_CANCELS }, new Date('2026-06-10T08:00:00Z')));
    expect(next['live']?.status).toBe('pending');
    expect(next['els-1d']).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(next['els-1d']?.nextAttemptAt).toBeUndefined();
    expect(next['els-exit']?.status).toBe('cancelled');
    expect(next['close-nudge']?.status).toBe('cancelled');
  });
});
