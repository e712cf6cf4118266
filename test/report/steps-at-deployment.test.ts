import { describe, expect, it } from 'vitest';
import { stepsAt } from '../../src/report/steps-at-deployment.js';
import { story } from './report-fixtures.js';

const deployedAt = '2026-03-02T09:00:00.000Z';

describe('stepsAt replays the audit trail', () => {
  const r = story({
    id: 'R-1',
    createdAt: '2026-03-01T09:00:00Z',
    plannedAt: deployedAt,
    deployedAt,
    events: [
      // done, undone, done again before deployment: done at the second time
      { step: 'build', action: 'complete', at: '2026-03-01T10:00:00Z' },
      { step: 'build', action: 'undo', at: '2026-03-01T11:00:00Z' },
      { step: 'build', action: 'complete', at: '2026-03-01T12:00:00Z' },
      // done only after deployment: open at deployment although done now
      { step: 'rehearsal', action: 'complete', at: '2026-03-02T10:00:00Z' },
      // skipped after deployment
      { step: 'smoke', action: 'skip', at: '2026-03-02T11:00:00Z' },
      // done before deployment
      { step: 'runbook', action: 'complete', at: '2026-03-02T08:59:59Z' },
    ],
  });

  it('gives each step its state at deployment', () => {
    const at = stepsAt(r, deployedAt);
    expect(Object.fromEntries([...at].map(([id, s]) => [id, s.state]))).toEqual({
      build: 'done',
      rehearsal: 'open',
      deploy: 'done',
      smoke: 'open',
      runbook: 'done',
    });
    expect(at.get('build')?.at).toBe('2026-03-01T12:00:00Z');
  });

  it('agrees with the stored final states once everything has happened', () => {
    const now = stepsAt(r, '2026-03-03T00:00:00Z');
    expect(Object.fromEntries([...now].map(([id, s]) => [id, s.state]))).toEqual(Object.fromEntries(r.steps.map((s) => [s.stepId, s.state])));
  });

  it('falls back to the stored state for steps the audit never mentions', () => {
    const noAudit = { ...r, audit: r.audit.filter((e) => e.stepId !== 'build' && e.stepId !== 'rehearsal') };
    const at = stepsAt(noAudit, deployedAt);
    expect(at.get('build')?.state).toBe('done'); // stored done at 12:00 the day before
    expect(at.get('rehearsal')?.state).toBe('open'); // stored done, but only after deployment
  });
});
