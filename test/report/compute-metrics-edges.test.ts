import { describe, expect, it } from 'vitest';
import { computeMetrics, type MetricsOptions } from '../../src/report/compute-metrics.js';
import { buildInsights } from '../../src/report/build-insights.js';
import { hotfixPrep, minorModel, story } from './report-fixtures.js';

const report = { failureCost: 0, failureCostByModel: {}, onTimeToleranceMs: 3_600_000 };
const base: MetricsOptions = { to: Date.parse('2026-04-01T00:00:00Z'), timeZone: 'UTC', bucket: 'month', report };

describe('computeMetrics edge cases', () => {
  it('reports zeros and no rates for no releases at all', () => {
    const m = computeMetrics([], base);
    expect(m.overall).toMatchObject({ started: 0, deployed: 0, cancelled: 0, deploymentsPerWeek: 0, changeFailure: { count: 0, of: 0 }, leadTime: { count: 0 } });
    expect(m.overall.changeFailure.rate).toBeUndefined();
    expect(m.overall.leadTime.medianMs).toBeUndefined();
    expect(m.byModel).toEqual([]);
    expect(buildInsights(m, 'so far').map((i) => i.text)).toEqual(['No releases so far.']);
  });

  it('has no failure rate, lead time or step figures when nothing was deployed', () => {
    const m = computeMetrics(
      [story({ id: 'R-1', createdAt: '2026-03-01T09:00:00Z', plannedAt: '2026-03-09T09:00:00Z', events: hotfixPrep('2026-03-09T09:00:00Z') })],
      base,
    );
    expect(m.overall).toMatchObject({ started: 1, deployed: 0, cancelled: 0, checklistCompletion: { count: 0, of: 0 } });
    expect(m.overall.onTime.rate).toBeUndefined();
    expect(m.byModel[0]?.steps).toEqual([]);
    expect(buildInsights(m, 'in the last 30 days').map((i) => i.text)).toEqual([
      'No deployments in the last 30 days (1 started, 0 cancelled), so there is no failure rate or lead time yet.',
    ]);
  });

  it('says so plainly when everything was cancelled', () => {
    const m = computeMetrics(
      [
        story({ id: 'R-1', createdAt: '2026-03-01T09:00:00Z', plannedAt: '2026-03-09T09:00:00Z', cancelledAt: '2026-03-02T09:00:00Z' }),
        story({ id: 'R-2', model: minorModel, createdAt: '2026-03-03T09:00:00Z', plannedAt: '2026-03-09T09:00:00Z', cancelledAt: '2026-03-04T09:00:00Z' }),
      ],
      base,
    );
    expect(m.overall).toMatchObject({ started: 2, deployed: 0, cancelled: 2 });
    expect(m.byModel.map((x) => [x.modelId, x.figures.cancelled])).toEqual([['hotfix', 1], ['minor', 1]]);
    expect(buildInsights(m, 'so far').map((i) => i.text)).toEqual(['All 2 releases so far were cancelled; nothing was deployed.']);
  });

  it('does not wait for the outcome of a release cancelled after its deployment', () => {
    const r = story({ id: 'R-1', createdAt: '2026-03-01T09:00:00Z', plannedAt: '2026-03-02T09:00:00Z', deployedAt: '2026-03-02T09:00:00Z', cancelledAt: '2026-03-03T09:00:00Z' });
    const m = computeMetrics([r], base);
    expect(m.overall).toMatchObject({ deployed: 1, cancelled: 0, awaitingOutcome: 0, changeFailure: { count: 0, of: 0 } });
  });

  it('counts each event in the window it happened in', () => {
    const releases = [
      // Started before the window, deployed inside it: deployed, not started.
      story({ id: 'R-1', createdAt: '2026-02-20T09:00:00Z', plannedAt: '2026-03-10T09:00:00Z', deployedAt: '2026-03-10T09:00:00Z', outcome: 'success' }),
      // Entirely before the window.
      story({ id: 'R-2', createdAt: '2026-01-05T09:00:00Z', plannedAt: '2026-01-06T09:00:00Z', deployedAt: '2026-01-06T09:00:00Z', outcome: 'failed' }),
      // Started inside, not deployed yet.
      story({ id: 'R-3', createdAt: '2026-03-20T09:00:00Z', plannedAt: '2026-04-06T09:00:00Z' }),
    ];
    const m = computeMetrics(releases, { ...base, from: Date.parse('2026-03-02T00:00:00Z') });
    expect(m.overall).toMatchObject({ started: 1, deployed: 1, changeFailure: { count: 0, of: 1, rate: 0 } });
    expect(m.overall.leadTime.medianMs).toBe(18 * 86_400_000);
    expect(m.trend.map((p) => p.key)).toEqual(['2026-03-01', '2026-04-01']);
  });

  it('buckets periods by local time in the configured time zone, not UTC', () => {
    // 03:00 UTC on Sunday 1 March is 22:00 on Saturday 28 February in New York.
    const r = story({ id: 'R-1', createdAt: '2026-02-27T15:00:00Z', plannedAt: '2026-03-01T03:00:00Z', deployedAt: '2026-03-01T03:00:00Z', outcome: 'success' });
    // 02:00 UTC on Monday 2 March is still Sunday 1 March in New York: the week that began Monday 23 February.
    const r2 = story({ id: 'R-2', createdAt: '2026-02-27T15:00:00Z', plannedAt: '2026-03-02T02:00:00Z', deployedAt: '2026-03-02T02:00:00Z', outcome: 'success' });
    const deployedByKey = (tz: string, bucket: 'week' | 'month') =>
      Object.fromEntries(computeMetrics([r, r2], { ...base, timeZone: tz, bucket }).trend.map((p) => [p.key, p.figures.deployed]));
    expect(deployedByKey('UTC', 'month')).toMatchObject({ '2026-02-01': 0, '2026-03-01': 2 });
    expect(deployedByKey('America/New_York', 'month')).toMatchObject({ '2026-02-01': 1, '2026-03-01': 1 });
    expect(deployedByKey('UTC', 'week')).toMatchObject({ '2026-02-23': 1, '2026-03-02': 1 });
    expect(deployedByKey('America/New_York', 'week')).toMatchObject({ '2026-02-23': 2 });
    // Kolkata is UTC+5:30: its midnight falls in the middle of a UTC hour. 18:29 UTC on 28 Feb is 23:59 local; 18:31 is 1 March.
    const k1 = story({ id: 'R-3', createdAt: '2026-02-20T15:00:00Z', plannedAt: '2026-02-28T18:29:00Z', deployedAt: '2026-02-28T18:29:00Z' });
    const k2 = story({ id: 'R-4', createdAt: '2026-02-20T15:00:00Z', plannedAt: '2026-02-28T18:31:00Z', deployedAt: '2026-02-28T18:31:00Z' });
    const kolkata = computeMetrics([k1, k2], { ...base, timeZone: 'Asia/Kolkata' });
    expect(Object.fromEntries(kolkata.trend.map((p) => [p.key, p.figures.deployed]))).toMatchObject({ '2026-02-01': 1, '2026-03-01': 1 });
  });

  it('judges lateness against due times in calendar days of the team time zone', () => {
    // Planned 09:00 Berlin on Sunday 29 March 2026, the day clocks go to summer time (07:00 UTC).
    // "Build" is due T-1d = 09:00 Berlin on Saturday 28 March = 08:00 UTC; 24 elapsed hours earlier would be 07:00 UTC.
    const planned = '2026-03-29T07:00:00Z';
    const done = (at: string) =>
      story({ id: 'R-1', createdAt: '2026-03-20T09:00:00Z', plannedAt: planned, deployedAt: planned, events: [{ step: 'build', action: 'complete', at }] });
    const late = (at: string, tz: string) =>
      computeMetrics([done(at)], { ...base, timeZone: tz }).byModel[0]?.steps.find((s) => s.stepId === 'build')?.late;
    expect(late('2026-03-28T07:30:00Z', 'Europe/Berlin')).toBe(0); // 08:30 Berlin: on time
    expect(late('2026-03-28T08:30:00Z', 'Europe/Berlin')).toBe(1); // 09:30 Berlin: late
    expect(late('2026-03-28T07:30:00Z', 'UTC')).toBe(1); // in UTC the same day boundary is 07:00
  });

  it('flags a step skipped in at least 80% of at least 3 releases as a candidate to drop', () => {
    const notes = (id: string, skip: boolean) =>
      story({ id, model: minorModel, createdAt: '2026-03-01T09:00:00Z', plannedAt: '2026-03-02T09:00:00Z', deployedAt: '2026-03-02T09:00:00Z', outcome: 'success',
        events: [{ step: 'prep', action: 'complete', at: '2026-03-01T09:00:00Z' }, { step: 'notes', action: skip ? 'skip' : 'complete', at: '2026-03-01T10:00:00Z' }] });
    const four = [notes('R-1', true), notes('R-2', true), notes('R-3', true), notes('R-4', true), notes('R-5', false)];
    const steps = computeMetrics(four, base).byModel[0]?.steps;
    expect(steps?.find((s) => s.stepId === 'notes')).toMatchObject({ skipped: 4, releases: 5, skipRate: 0.8, dropCandidate: true });
    expect(steps?.find((s) => s.stepId === 'prep')?.dropCandidate).toBe(false);
    const two = computeMetrics([notes('R-1', true), notes('R-2', true)], base).byModel[0]?.steps;
    expect(two?.find((s) => s.stepId === 'notes')?.dropCandidate).toBe(false);
  });
});
