import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportService } from '../../src/report/create-report-service.js';
import { RELEASE_COLUMNS } from '../../src/report/csv-rows.js';
import { formatReportText } from '../../src/report/format-report-text.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { renderReportHtml } from '../../adapters/report/render-report-html.js';
import { freezeWindows, gatedReleases } from './gate-fixtures.js';
import { seedStore } from './seed-store.js';

const H = 3_600_000;
const report = { failureCost: 0, failureCostByModel: {}, onTimeToleranceMs: H };
const clock = { now: () => new Date('2026-04-01T00:00:00Z') };

describe('gates, overrides and freezes in the report (issue 13)', () => {
  let store: ReleaseStore;
  beforeAll(async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'gate-report-')), 'data');
    await seedStore(dataDir, gatedReleases());
    store = await openLowdbStore({ dataDir });
  });
  afterAll(async () => store?.close());

  const withWindows = () => createReportService({ store, clock, timeZone: 'UTC', report, freezeWindows });
  const withoutWindows = () => createReportService({ store, clock, timeZone: 'UTC', report });

  it('counts overrides, rejections, freezes and start to approval, overall and per model', async () => {
    const { metrics: m } = await withWindows().fullReport({});
    const o = m.overall;
    expect([o.started, o.deployed, o.cancelled, o.gatedDeployed]).toEqual([9, 7, 1, 4]);
    expect(o.overrides).toEqual({ count: 2, of: 7, rate: 2 / 7 });
    expect(o.gatesRejected).toBe(3); // R-2 (approved since: the audit remembers), R-4, R-5 (cancelled)
    expect(o.freeze).toEqual({ inside: 2, nextTo: 2 }); // inside; four and two hours before a Friday
    // 6h, 24h, 48h: median 24h, p90 = 24 + 0.8 × 24 = 43.2h. R-8 is not deployed but was approved.
    expect(o.startToApproval).toEqual({ count: 3, medianMs: 24 * H, p90Ms: 43.2 * H });
    const model = (id: string) => m.byModel.find((x) => x.modelId === id)?.figures;
    const major = model('major');
    expect([major?.overrides, major?.gatesRejected, major?.freeze]).toEqual([{ count: 2, of: 4, rate: 0.5 }, 3, { inside: 1, nextTo: 1 }]);
    expect(major?.startToApproval).toEqual({ count: 3, medianMs: 24 * H, p90Ms: 43.2 * H });
    // The hotfix is exempt from the quarter-end freeze, so at 12:00 that Friday it is only next to the Friday one.
    expect(model('hotfix')?.freeze).toEqual({ inside: 0, nextTo: 1 });
    // R-9 was started inside a Friday freeze with an override, then moved out of it: its deployment is clear.
    expect(model('minor')?.freeze).toEqual({ inside: 1, nextTo: 0 });
    expect(model('minor')?.startToApproval).toEqual({ count: 0 });
  });

  it('compares deployments with every gate passed against those with an override', async () => {
    const { metrics, insights } = await withWindows().fullReport({});
    expect(metrics.overall.gatesPassed).toEqual({ count: 1, of: 2, rate: 0.5 }); // R-1 success, R-2 failed
    expect(metrics.overall.overridden).toEqual({ count: 2, of: 2, rate: 1 }); // R-3 rolled back, R-4 hotfix
    expect(insights[0]).toBe('Releases deployed with every gate passed failed 50% (1 of 2) vs 100% (2 of 2) when deployed with an override.');
    expect(insights).toContain('2 deployments went out inside a freeze window and 2 within 1d of one so far.');
  });

  it('shows the figures in the chat summary and the console text', async () => {
    const s = await withWindows().summary('all');
    expect(s.keyFigures.slice(6)).toEqual([
      { label: 'Deployed with an override', value: '29% (2/7)' },
      { label: 'Gates rejected', value: '3 releases' },
      { label: 'Start to approval', value: 'median 1d, p90 1.8d' },
      { label: 'Deployed in or next to a freeze', value: '2 inside, 2 next to one (within 1d)' },
    ]);
    expect(s.byModel.map((x) => x.line)).toEqual([
      'Major: 4 deployed, CFR 75%, lead time 1.5d, 1 cancelled, start to approval 1d, 2 with an override, 3 rejected at a gate, 1 inside a freeze, 1 next to a freeze',
      'Minor: 2 deployed, CFR 0%, lead time 2.5d, 1 inside a freeze',
      'Hotfix: 1 deployed, CFR 0%, lead time 1.1d, 1 next to a freeze',
    ]);
    const text = formatReportText(s).split('\n');
    expect(text.slice(7, 11)).toEqual([
      '  Deployed with an override        29% (2/7)',
      '  Gates rejected                   3 releases',
      '  Start to approval                median 1d, p90 1.8d',
      '  Deployed in or next to a freeze  2 inside, 2 next to one (within 1d)',
    ]);
  });

  it('counts a rejection and an approval in the period they happened in', async () => {
    // From 5 March: R-2's rejection (4 March) and R-1's approval (2 March) fall before it; R-2's approval does not.
    const { metrics: m } = await withWindows().fullReport({ days: 27 });
    expect(m.overall.gatesRejected).toBe(2);
    expect(m.overall.startToApproval).toEqual({ count: 2, medianMs: 36 * H, p90Ms: 45.6 * H });
  });

  it('without the freeze windows, counts only deployments a recorded override puts inside one, and says so', async () => {
    const r = await withoutWindows().fullReport({});
    expect(r.metrics.overall.freeze).toEqual({ inside: 1, nextTo: 0 });
    const s = await withoutWindows().summary('all');
    expect(s.keyFigures.at(-1)).toEqual({ label: 'Deployed in or next to a freeze', value: '1 inside, by recorded overrides (no freeze windows known)' });
  });

  it('adds the gate and freeze columns to releases.csv', async () => {
    const rows = (await withWindows().fullReport({ withRows: true })).rows?.releases ?? [];
    const first = RELEASE_COLUMNS.indexOf('deploy_override');
    expect(RELEASE_COLUMNS.slice(first)).toEqual(['deploy_override', 'gates_rejected', 'freeze_override', 'freeze_at_deploy', 'start_to_approval_hours']);
    const byId = new Map(rows.map((r) => [r[0], r.slice(first)]));
    expect([...byId.keys()].sort()).toEqual(['R-1', 'R-2', 'R-3', 'R-4', 'R-5', 'R-6', 'R-7', 'R-8', 'R-9']);
    expect(Object.fromEntries(byId)).toEqual({
      'R-1': [false, false, false, undefined, 6],
      'R-2': [false, true, false, 'next_to', 24],
      'R-3': [true, false, false, undefined, undefined],
      'R-4': [true, true, true, 'inside', undefined],
      'R-5': [false, true, false, undefined, undefined],
      'R-6': [false, false, false, 'next_to', undefined],
      'R-7': [false, false, false, 'inside', undefined],
      'R-8': [false, false, false, undefined, 48],
      'R-9': [false, false, true, undefined, undefined],
    });
  });

  it('renders the gates section, the comparison and the overrides, escaped, in the HTML report', async () => {
    const html = renderReportHtml(await withWindows().fullReport({}));
    const num = (cells: Array<string | number>) => cells.map((c) => `<td class="num">${c}</td>`).join('');
    expect(html).toContain(`<tr><td>Major</td>${num([4, '50% (2/4)', 3, 1, 1, '1d', '1.8d', 3])}</tr>`);
    expect(html).toContain(`<tr><td>All models</td>${num([7, '29% (2/7)', 3, 2, 2, '1d', '1.8d', 3])}</tr>`);
    expect(html).toContain(`<tr><td>Every gate passed</td>${num([2, 1, '50%'])}</tr>`);
    expect(html).toContain(`<tr><td>An override</td>${num([2, 2, '100%'])}</tr>`);
    expect(html).toContain('<td>deployed without Change approval (rejected), Go/no-go decision</td><td>regulator &lt;b&gt;deadline&lt;/b&gt; &amp; &quot;now&quot;</td><td>alice</td>');
    expect(html).toContain('<td>deployed inside “Friday afternoons”</td><td>regulator deadline</td>');
    expect(html).toContain('<td>planned inside “Friday afternoons”</td><td>launch week</td>');
    expect(html).not.toContain('<b>deadline');
    // Newest deployment first: R-9 (30 March), R-4 (13 March, two overrides), R-3 (10 March).
    const overrides = /<table class="overrides">.*?<\/table>/s.exec(html)?.[0] ?? '';
    expect([...overrides.matchAll(/<tr><td>(R-\d+)<\/td>/g)].map((x) => x[1])).toEqual(['R-9', 'R-4', 'R-4', 'R-3']);
  });
});
