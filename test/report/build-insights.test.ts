import { describe, expect, it } from 'vitest';
import { computeMetrics, type MetricsOptions } from '../../src/report/compute-metrics.js';
import { buildInsights } from '../../src/report/build-insights.js';
import { hotfixPrep, minorModel, story } from './report-fixtures.js';

const report = { failureCost: 20000, failureCostByModel: {}, onTimeToleranceMs: 3_600_000 };
const options: MetricsOptions = { to: Date.parse('2026-06-01T00:00:00Z'), timeZone: 'UTC', bucket: 'month', report };

/** 12 hotfix releases, 3 failed; the rehearsal was skipped in all 3 failures and in 1 success. */
function hotfixYear() {
  return Array.from({ length: 12 }, (_, i) => {
    const day = String(i + 1).padStart(2, '0');
    const planned = `2026-03-${day}T12:00:00Z`;
    const failed = i < 3;
    const skipRehearsal = failed || i === 3;
    return story({
      id: `R-${i + 1}`,
      createdAt: `2026-02-${day}T09:00:00Z`,
      plannedAt: planned,
      deployedAt: planned,
      outcome: failed ? 'hotfix' : 'success',
      events: [
        ...hotfixPrep(planned, ['rehearsal']),
        { step: 'rehearsal', action: skipRehearsal ? 'skip' : 'complete', at: `2026-03-${day}T08:00:00Z` },
        { step: 'smoke', action: 'complete', at: `2026-03-${day}T12:30:00Z` },
        { step: 'runbook', action: 'skip', at: `2026-03-${day}T13:00:00Z` },
      ],
    });
  });
}

describe('buildInsights', () => {
  it('names the failures of a model and the step its failed releases skipped', () => {
    const texts = buildInsights(computeMetrics(hotfixYear(), options), 'so far').map((i) => i.text);
    expect(texts).toContain("Hotfix: 3 of 12 releases failed; 'Rollback rehearsal' was skipped in all 3 (and in 1 of 9 that succeeded).");
  });

  it('compares releases with every step done against those that skipped, first', () => {
    const texts = buildInsights(computeMetrics(hotfixYear(), options), 'so far').map((i) => i.text);
    expect(texts[0]).toBe('Releases with every step done failed 0% (0 of 8) vs 75% (3 of 4) when steps were skipped or left open.');
  });

  it('suggests dropping a step that is nearly always skipped', () => {
    const texts = buildInsights(computeMetrics(hotfixYear(), options), 'so far').map((i) => i.text);
    expect(texts).toContain("'Update runbook' is skipped in 12 of 12 Hotfix releases: a candidate to drop.");
  });

  it('estimates the cost of failures', () => {
    const texts = buildInsights(computeMetrics(hotfixYear(), options), 'so far').map((i) => i.text);
    expect(texts).toContain('Failed releases cost an estimated 60,000 (3 failures).');
  });

  it('says honestly when the full checklist shows no benefit', () => {
    const r = (id: string, skip: boolean, outcome: 'success' | 'failed') =>
      story({ id, model: minorModel, createdAt: '2026-03-01T09:00:00Z', plannedAt: '2026-03-02T09:00:00Z', deployedAt: '2026-03-02T09:00:00Z', outcome,
        events: [{ step: 'prep', action: 'complete', at: '2026-03-01T09:00:00Z' }, { step: 'notes', action: skip ? 'skip' : 'complete', at: '2026-03-01T10:00:00Z' }] });
    const texts = buildInsights(computeMetrics([r('R-1', false, 'failed'), r('R-2', true, 'success')], options), 'so far').map((i) => i.text);
    expect(texts).toContain('Releases with every step done failed 100% (1 of 1) vs 0% (0 of 1) when steps were skipped or left open: no evidence yet that the full checklist lowers failures.');
  });

  it('asks for outcomes when deployments are not closed', () => {
    const open = story({ id: 'R-1', createdAt: '2026-03-01T09:00:00Z', plannedAt: '2026-03-02T09:00:00Z', deployedAt: '2026-03-02T09:00:00Z' });
    const texts = buildInsights(computeMetrics([open], options), 'so far').map((i) => i.text);
    expect(texts[0]).toBe('1 deployed release has no recorded outcome yet; close it to count it in the failure rate.');
  });

  describe('ELS exit criteria', () => {
    /** `unmet` of `total` Minor releases closed with their ELS exit criteria unmet, one incident each during ELS. */
    const elsReleases = (total: number, unmet: number, withoutResult = 0) =>
      Array.from({ length: total + withoutResult }, (_, i) => {
        const day = String(i + 1).padStart(2, '0');
        const planned = `2026-03-${day}T12:00:00Z`;
        const els = i < total ? { els: { incidents: i < unmet ? 1 : 0, exitCriteriaMet: i >= unmet } } : {};
        return story({ id: `R-${i + 1}`, model: minorModel, createdAt: `2026-02-${day}T09:00:00Z`, plannedAt: planned, deployedAt: planned, outcome: 'success', ...els,
          events: [{ step: 'prep', action: 'complete', at: `2026-03-${day}T08:00:00Z` }, { step: 'notes', action: 'complete', at: `2026-03-${day}T09:00:00Z` }] });
      });
    const texts = (releases: ReturnType<typeof elsReleases>) => buildInsights(computeMetrics(releases, options), 'so far').map((i) => i.text);

    it('names a model whose exit criteria are often unmet', () => {
      expect(texts(elsReleases(5, 3))).toContain('Minor: ELS exit criteria unmet in 3 of 5 releases; 3 incidents during ELS.');
      expect(texts(elsReleases(2, 2))).toContain('Minor: ELS exit criteria unmet in both releases; 2 incidents during ELS.');
    });

    it('stays quiet when they are rarely unmet', () => {
      expect(texts(elsReleases(5, 1)).join('\n')).not.toContain('ELS');
      // 2 of 7 is under a third.
      expect(texts(elsReleases(7, 2)).join('\n')).not.toContain('ELS');
    });

    it('counts only releases with an ELS result recorded', () => {
      // 2 unmet of 4 recorded (plus 6 closed without a result): half of those with a result, not 2 of 10.
      expect(texts(elsReleases(4, 2, 6))).toContain('Minor: ELS exit criteria unmet in 2 of 4 releases; 2 incidents during ELS.');
    });
  });
});
