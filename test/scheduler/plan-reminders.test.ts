import { describe, expect, it } from 'vitest';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { elsModel, plainModel } from './fixtures.js';

const due = (rs: ReturnType<typeof planReminders>) => Object.fromEntries(rs.map((r) => [r.defId, r.dueAt]));
const farPast = new Date('2026-01-01T00:00:00Z');
const deployedAt = '2026-06-11T12:30:00Z';

describe('planReminders', () => {
  it('before deployment plans the announcements ahead and the missed-deployment nudge, nothing that follows the deployment', () => {
    const plan = planReminders({ releaseId: 'R-42', model: elsModel, plannedAt: '2026-06-10T07:00:00Z', now: farPast, timeZone: 'Europe/Berlin' });
    expect(plan.map((r) => r.id)).toEqual(['R-42:announce-2d', 'R-42:announce-1h', 'R-42:deploy-nudge']);
    expect(plan.every((r) => r.status === 'pending' && r.attempts === 0 && r.timing === undefined)).toBe(true);
    // The planned time plus the on-time tolerance (one hour unless configured).
    expect(plan.at(-1)).toEqual({ id: 'R-42:deploy-nudge', defId: 'deploy-nudge', kind: 'deploy_nudge', dueAt: '2026-06-10T08:00:00.000Z', status: 'pending', attempts: 0 });
    const tolerant = planReminders({ releaseId: 'R-42', model: elsModel, plannedAt: '2026-06-10T07:00:00Z', now: farPast, timeZone: 'Europe/Berlin', deployNudgeAfterMs: 4 * 3_600_000 });
    expect(due(tolerant)['deploy-nudge']).toBe('2026-06-10T11:00:00.000Z');
  });

  it('after deployment plans the go-live, the ELS reminders and the close nudge from the actual deployment time', () => {
    const plan = planReminders({ releaseId: 'R-1', model: elsModel, plannedAt: '2026-06-10T07:00:00Z', deployedAt, now: new Date(deployedAt), timeZone: 'Europe/Berlin' });
    expect(plan.map((r) => r.defId)).toEqual(['live', 'els-1d', 'els-exit', 'close-nudge']);
    expect(due(plan)).toEqual({
      live: '2026-06-11T12:30:00.000Z', // the go-live message goes out at the deployment
      'els-1d': '2026-06-12T12:30:00.000Z',
      'els-exit': '2026-06-14T12:30:00.000Z',
      'close-nudge': '2026-06-18T12:30:00.000Z',
    });
    expect(plan.every((r) => r.status === 'pending' && r.timing === undefined)).toBe(true);
  });

  it('keeps "T-2d" at the same local time across the March change in Europe/Berlin', () => {
    // 09:00 CEST on Monday 30 March; the clocks went forward on Sunday 29 March.
    const plan = due(planReminders({ releaseId: 'R-1', model: elsModel, plannedAt: '2026-03-30T07:00:00Z', now: farPast, timeZone: 'Europe/Berlin' }));
    expect(plan['announce-2d']).toBe('2026-03-28T08:00:00.000Z'); // 09:00 CET
    expect(plan['announce-1h']).toBe('2026-03-30T06:00:00.000Z'); // hours are elapsed time
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

  it('marks announcements already past at creation as overdue, so they are posted at once; the nudge is never overdue', () => {
    // Created 30 minutes before deployment: the T-2d and T-1h announcements are already late.
    const plan = planReminders({ releaseId: 'R-1', model: elsModel, plannedAt: '2026-06-10T07:00:00Z', now: new Date('2026-06-10T06:30:00Z'), timeZone: 'Europe/Berlin' });
    expect(Object.fromEntries(plan.map((r) => [r.defId, r.timing]))).toEqual({ 'announce-2d': 'overdue', 'announce-1h': 'overdue', 'deploy-nudge': undefined });
    expect(plan.every((r) => r.status === 'pending')).toBe(true);
  });

  it('skips announcements ahead of a deployment time already past (a backdated release), and nudges at once', () => {
    const now = new Date('2026-06-10T09:30:00Z'); // two and a half hours after the planned time
    const plan = planReminders({ releaseId: 'R-1', model: elsModel, plannedAt: '2026-06-10T07:00:00Z', now, timeZone: 'Europe/Berlin' });
    expect(plan.map((r) => [r.defId, r.status, r.reason])).toEqual([
      ['announce-2d', 'skipped', 'its deployment time had passed'],
      ['announce-1h', 'skipped', 'its deployment time had passed'],
      ['deploy-nudge', 'pending', undefined],
    ]);
    expect(due(plan)['deploy-nudge']).toBe(now.toISOString());
  });

  it('nudges to close one day after deployment for a model without ELS', () => {
    const plan = planReminders({ releaseId: 'R-7', model: plainModel, plannedAt: '2026-03-28T09:00:00Z', deployedAt: '2026-03-28T09:00:00Z', now: farPast, timeZone: 'Europe/Berlin' });
    // One calendar day in Berlin across the March change: 23 hours of elapsed time.
    expect(plan).toEqual([{ id: 'R-7:close-nudge', defId: 'close-nudge', kind: 'close_nudge', dueAt: '2026-03-29T08:00:00.000Z', status: 'pending', attempts: 0 }]);
  });
});
