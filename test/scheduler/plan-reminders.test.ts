import { describe, expect, it } from 'vitest';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { elsModel, plainModel } from './fixtures.js';

const due = (rs: ReturnType<typeof planReminders>) => Object.fromEntries(rs.map((r) => [r.defId, r.dueAt]));
const farPast = new Date('2026-01-01T00:00:00Z');

describe('planReminders', () => {
  it('plans one pending reminder per model reminder plus a close nudge at the end of the ELS window', () => {
    const plan = planReminders({ releaseId: 'R-42', model: elsModel, plannedAt: '2026-06-10T07:00:00Z', now: farPast, timeZone: 'Europe/Berlin' });
    expect(plan.map((r) => r.id)).toEqual([
      'R-42:announce-2d',
      'R-42:announce-1h',
      'R-42:live',
      'R-42:els-1d',
      'R-42:els-exit',
      'R-42:close-nudge',
    ]);
    expect(plan.every((r) => r.status === 'pending' && r.attempts === 0 && r.timing === undefined)).toBe(true);
    expect(plan.find((r) => r.defId === 'close-nudge')).toMatchObject({ kind: 'close_nudge', dueAt: '2026-06-17T07:00:00.000Z' });
  });

  it('keeps "T-2d" at the same local time across the March change in Europe/Berlin', () => {
    // 09:00 CEST on Monday 30 March; the clocks went forward on Sunday 29 March.
    const plan = due(planReminders({ releaseId: 'R-1', model: elsModel, plannedAt: '2026-03-30T07:00:00Z', now: farPast, timeZone: 'Europe/Berlin' }));
    expect(plan['announce-2d']).toBe('2026-03-28T08:00:00.000Z'); // 09:00 CET
    expect(plan['announce-1h']).toBe('2026-03-30T06:00:00.000Z'); // hours are elapsed time
    expect(plan['live']).toBe('2026-03-30T07:00:00.000Z');
  });

  it('keeps "T-2d" at the same local time across the October change in Europe/Berlin', () => {
    // 09:00 CET on Monday 26 October; the clocks went back on Sunday 25 October.
    const plan = due(planReminders({ releaseId: 'R-1', model: elsModel, plannedAt: '2026-10-26T08:00:00Z', now: farPast, timeZone: 'Europe/Berlin' }));
    expect(plan['announce-2d']).toBe('2026-10-24T07:00:00.000Z'); // 09:00 CEST
  });

  it('follows the America/New_York changes, which fall on other dates', () => {
    const march = due(planReminders({ releaseId: 'R-1', model: elsModel, plannedAt: '2026-03-09T13:00:00Z', now: farPast, timeZone: 'America/New_York' }));
    expect(march['announce-2d']).toBe('2026-03-07T14:00:00.000Z'); // 09:00 EST before the 8 March change
    const november = due(planReminders({ releaseId: 'R-1', model: elsModel, plannedAt: '2026-11-02T14:00:00Z', now: farPast, timeZone: 'America/New_York' }));
    expect(november['announce-2d']).toBe('2026-10-31T13:00:00.000Z'); // 09:00 EDT before the 1 November change
  });

  it('gives the same instant a different T-2d in another time zone', () => {
    const input = { releaseId: 'R-1', model: elsModel, plannedAt: '2026-03-30T07:00:00Z', now: farPast };
    expect(due(planReminders({ ...input, timeZone: 'America/New_York' }))['announce-2d']).toBe('2026-03-28T07:00:00.000Z');
    expect(due(planReminders({ ...input, timeZone: 'Europe/Berlin' }))['announce-2d']).toBe('2026-03-28T08:00:00.000Z');
  });

  it('places ELS reminders and the close nudge after the actual deployment, communication after the planned time', () => {
    const plan = due(
      planReminders({
        releaseId: 'R-1',
        model: elsModel,
        plannedAt: '2026-06-10T07:00:00Z',
        deployedAt: '2026-06-11T12:30:00Z',
        now: farPast,
        timeZone: 'Europe/Berlin',
      }),
    );
    expect(plan['live']).toBe('2026-06-10T07:00:00.000Z');
    expect(plan['els-1d']).toBe('2026-06-12T12:30:00.000Z');
    expect(plan['els-exit']).toBe('2026-06-14T12:30:00.000Z');
    expect(plan['close-nudge']).toBe('2026-06-18T12:30:00.000Z');
  });

  it('marks reminders already past at creation as overdue, so they are posted at once', () => {
    // Created 30 minutes before deployment: the T-2d and T-1h announcements are already late.
    const plan = planReminders({
      releaseId: 'R-1',
      model: elsModel,
      plannedAt: '2026-06-10T07:00:00Z',
      now: new Date('2026-06-10T06:30:00Z'),
      timeZone: 'Europe/Berlin',
    });
    const timing = Object.fromEntries(plan.map((r) => [r.defId, r.timing]));
    expect(timing).toEqual({
      'announce-2d': 'overdue',
      'announce-1h': 'overdue',
      live: undefined,
      'els-1d': undefined,
      'els-exit': undefined,
      'close-nudge': undefined,
    });
    expect(plan.every((r) => r.status === 'pending')).toBe(true);
  });

  it('nudges to close one day after deployment for a model without ELS', () => {
    const plan = planReminders({ releaseId: 'R-7', model: plainModel, plannedAt: '2026-03-28T09:00:00Z', now: farPast, timeZone: 'Europe/Berlin' });
    // One calendar day in Berlin across the March change: 23 hours of elapsed time.
    expect(plan).toEqual([
      { id: 'R-7:close-nudge', defId: 'close-nudge', kind: 'close_nudge', dueAt: '2026-03-29T08:00:00.000Z', status: 'pending', attempts: 0 },
    ]);
  });
});
