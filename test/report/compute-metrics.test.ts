import { describe, expect, it } from 'vitest';
import { computeMetrics, type MetricsOptions } from '../../src/report/compute-metrics.js';
import { handBuiltReleases } from './report-fixtures.js';

const H = 3_600_000;
const report = { failureCost: 1000, failureCostByModel: { minor: 5000 }, onTimeToleranceMs: H };
const options: MetricsOptions = { to: Date.parse('2026-04-01T00:00:00Z'), timeZone: 'UTC', bucket: 'week', report };

const releases = handBuiltReleases();

describe('computeMetrics on hand-built releases', () => {
  const m = computeMetrics(releases, options);
  const o = m.overall;

  it('counts started, deployed and cancelled', () => {
    expect([o.started, o.deployed, o.cancelled]).toEqual([6, 5, 1]);
  });

  it('computes the DORA change failure rate over deployments with a known outcome only', () => {
    expect(o.changeFailure).toEqual({ count: 3, of: 4, rate: 0.75 });
    expect(o.awaitingOutcome).toBe(1);
  });

  it('computes lead time median and p90 from start to deployment', () => {
    // 24, 24, 24, 24.5, 27 hours: median 24h, p90 = 24.5 + 0.6 × 2.5 = 26h.
    expect(o.leadTime).toEqual({ count: 5, medianMs: 24 * H, p90Ms: 26 * H });
  });

  it('counts deployments within the tolerance of the planned time as on time', () => {
    expect(o.onTime).toEqual({ count: 4, of: 5, rate: 0.8 });
  });

  it('measures checklist completion as it stood at deployment, not as it ended', () => {
    // Hotfix: 3 pre-deployment steps; R-2 skipped one, R-3 ticked one only afterwards. Minor: 3 pre-deployment steps (notes has no due time but precedes deploy).
    expect(o.checklistCompletion).toEqual({ count: 3 + 2 + 2 + 3 + 3, of: 15, rate: 13 / 15 });
  });

  it('compares failure rates of releases with every step done against those with steps missed', () => {
    expect(o.allStepsDone).toEqual({ count: 1, of: 2, rate: 0.5 }); // R-1 success, R-6 rolled back
    expect(o.stepsMissed).toEqual({ count: 2, of: 2, rate: 1 });
  });

  it('prices failures with the per-model cost, else the global one', () => {
    expect(o.failureCost).toBe(2 * 1000 + 5000);
    expect(m.byModel.map((x) => [x.modelId, x.figures.failureCost, x.costPerFailure])).toEqual([
      ['hotfix', 2000, 1000],
      ['minor', 5000, 5000],
    ]);
  });

  it('gives the ELS result of closed releases, leaving out those closed without one', () => {
    // R-1 met (0 incidents), R-2 unmet (2), R-3 unmet (1); R-6 closed without an ELS result; R-4 not closed.
    expect(o.elsExitMet).toEqual({ count: 1, of: 3, rate: 1 / 3 });
    expect(o.elsIncidents).toEqual({ total: 3, of: 3, perRelease: 1 });
    const els = (id: string) => m.byModel.find((x) => x.modelId === id)?.figures;
    expect(els('hotfix')?.elsExitMet).toEqual({ count: 1, of: 3, rate: 1 / 3 });
    expect(els('minor')?.elsExitMet).toEqual({ count: 0, of: 0 });
    expect(els('minor')?.elsIncidents).toEqual({ total: 0, of: 0 });
  });

  it('measures deployment frequency over the span from the first release to now', () => {
    const days = (options.to - Date.parse('2026-03-01T09:00:00Z')) / (24 * H);
    expect(o.deploymentsPerDay).toBeCloseTo(5 / days, 10);
    expect(o.deploymentsPerWeek).toBeCloseTo((5 / days) * 7, 10);
  });

  it('gives per-step skip, open and late counts, with failures attributed', () => {
    const hotfix = m.byModel.find((x) => x.modelId === 'hotfix');
    const byId = new Map(hotfix?.steps.map((s) => [s.stepId, s]));
    expect(byId.get('rehearsal')).toMatchObject({ releases: 4, done: 2, skipped: 1, open: 1, skipRate: 0.25, failedReleases: 2, notDoneInFailed: 2, skippedInFailed: 1, succeededReleases: 1, notDoneInSucceeded: 0, dropCandidate: false });
    expect(byId.get('build')).toMatchObject({ releases: 4, done: 4, late: 1, lateRate: 0.25 });
    // Post-deployment steps count only once a release is closed: R-4 is still open.
    expect(byId.get('runbook')).toMatchObject({ releases: 3, open: 3, preDeployment: false });
  });

  it('buckets deployments into weekly trend points', () => {
    // 1 March 2026 is a Sunday: R-1 starts in the week of 23 Feb and deploys on Monday 2 March.
    expect(m.trend.map((p) => [p.key, p.figures.started, p.figures.deployed, p.figures.cancelled])).toEqual([
      ['2026-02-23', 1, 0, 0],
      ['2026-03-02', 3, 4, 0],
      ['2026-03-09', 2, 1, 1],
      ['2026-03-16', 0, 0, 0],
      ['2026-03-23', 0, 0, 0],
      ['2026-03-30', 0, 0, 0],
    ]);
    const perModel = (id: string) => m.byModel.find((x) => x.modelId === id)?.trend.map((p) => [p.key, p.figures.deployed, p.figures.changeFailure.count]);
    expect(perModel('hotfix')?.slice(0, 3)).toEqual([['2026-02-23', 0, 0], ['2026-03-02', 4, 2], ['2026-03-09', 0, 0]]);
    expect(perModel('minor')?.slice(0, 3)).toEqual([['2026-02-23', 0, 0], ['2026-03-02', 0, 0], ['2026-03-09', 1, 1]]);
    // ELS results belong to the deployment's period, like the failure rate.
    expect(m.trend.map((p) => p.figures.elsExitMet.of)).toEqual([0, 3, 0, 0, 0, 0]);
  });
});
