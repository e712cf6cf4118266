import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/domain/release-schema.js';
import { buildChecklistView } from '../../src/view/build-checklist-view.js';
import { releaseWith } from './fixtures.js';

const plannedAt = '2026-06-10T07:00:00.000Z';
const view = (r: Release, now: string) => buildChecklistView(r, new Date(now), 'Europe/Berlin');

describe('the checklist view of reminders', () => {
  it('before deployment shows the next announcement, and the reminders that follow the deployment as "after deployment"', () => {
    const r = releaseWith({ plannedAt, now: new Date('2026-06-01T00:00:00Z') });
    const v = view(r, '2026-06-01T00:00:00Z');
    expect(v.nextReminder).toEqual({ kind: 'communication', dueAt: '2026-06-08T07:00:00.000Z', label: 'T-2d user communication' });
    expect(v.afterDeployment).toEqual([
      { kind: 'communication', label: 'user communication', when: 'at deployment' },
      { kind: 'els_checkin', label: 'ELS check-in', when: '1 day after deployment' },
      { kind: 'els_exit_review', label: 'ELS exit review', when: '3 days after deployment' },
    ]);
  });

  it('never shows a time in the past: an overdue reminder is being sent, so the one after it shows', () => {
    const r = releaseWith({ plannedAt, now: new Date('2026-06-10T06:30:00Z') }); // T-2d and T-1h overdue at once
    expect(view(r, '2026-06-10T06:30:05Z').nextReminder).toEqual({ kind: 'deploy_nudge', dueAt: '2026-06-10T08:00:00.000Z', label: 'missed-deployment nudge' });
    // Past the planned time and its tolerance, with the nudge not yet sent: nothing in the past is shown.
    expect(view(r, '2026-06-10T09:00:00Z').nextReminder).toBeUndefined();
  });

  it('after deployment shows the ELS reminders with their times, and nothing "after deployment"', () => {
    const r = releaseWith({ plannedAt, deployedAt: '2026-06-10T07:10:00.000Z', now: new Date('2026-06-10T07:10:00Z') });
    const v = view(r, '2026-06-10T08:00:00Z');
    expect(v.nextReminder).toEqual({ kind: 'els_checkin', dueAt: '2026-06-11T07:10:00.000Z', label: 'T+1d ELS check-in' });
    expect(v.afterDeployment).toBeUndefined();
  });

  it('shows what a close recorded', () => {
    const r = releaseWith({ plannedAt, deployedAt: plannedAt, now: new Date(plannedAt) });
    const closedBy = { id: 'console:rita', name: 'Rita' };
    const closed: Release = {
      ...r,
      status: 'closed',
      outcome: { result: 'hotfix', incidents: ['INC-1', 'INC-2'], els: { incidents: 1, exitCriteriaMet: false }, closedBy, closedAt: '2026-06-14T07:00:00.000Z' },
    };
    const v = view(closed, '2026-06-14T08:00:00Z');
    expect(v.closing).toMatchObject({ result: 'hotfix', incidents: ['INC-1', 'INC-2'], els: { incidents: 1, exitCriteriaMet: false }, closedBy });
    expect(v.closing?.summary).toBe('needed a hotfix. Incidents: INC-1, INC-2. ELS: 1 incident, exit criteria not met.');
    expect(v.nextReminder).toBeUndefined();
  });
});
