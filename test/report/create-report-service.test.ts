import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportService } from '../../src/report/create-report-service.js';
import { formatReportText } from '../../src/report/format-report-text.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import type { ReleaseStore } from '../../src/storage/release-store.js';
import { handBuiltReleases } from './report-fixtures.js';
import { seedStore } from './seed-store.js';

const report = { failureCost: 1000, failureCostByModel: { minor: 5000 }, onTimeToleranceMs: 3_600_000 };

describe('createReportService over the real store', () => {
  let store: ReleaseStore;
  beforeAll(async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'report-service-')), 'data');
    await seedStore(dataDir, handBuiltReleases());
    store = await openLowdbStore({ dataDir });
  });
  afterAll(async () => store?.close());

  const service = () => createReportService({ store, clock: { now: () => new Date('2026-04-01T00:00:00Z') }, timeZone: 'UTC', report });

  it('summarises hot and archived releases alike', async () => {
    expect((await store.listActive()).map((r) => r.id)).toEqual(['R-4']);
    const s = await service().summary('all');
    expect(s.period).toBe('all');
    expect(s.from).toBeUndefined();
    expect(s.to).toBe('2026-04-01T00:00:00.000Z');
    expect(s.keyFigures).toEqual([
      { label: 'Releases', value: '6 started, 5 deployed, 1 cancelled' },
      { label: 'Deployment frequency', value: '1.1 per week' },
      { label: 'Change failure rate', value: '75% (3/4), 1 awaiting outcome' },
      { label: 'Lead time (start to deploy)', value: 'median 1d, p90 1.1d' },
      { label: 'On time (within 1h)', value: '80% (4/5)' },
      { label: 'Checklist done at deployment', value: '87%' },
      { label: 'ELS exit criteria met', value: '33% (1/3), 1 incident per release' },
      { label: 'Estimated cost of failures', value: '7,000' },
    ]);
    expect(s.byModel).toEqual([
      { modelId: 'hotfix', modelName: 'Hotfix', line: 'Hotfix: 4 deployed, CFR 67%, lead time 1d, ELS exit met 1/3 (1 incident/release)' },
      { modelId: 'minor', modelName: 'Minor', line: 'Minor: 1 deployed, CFR 100%, lead time 1d, 1 cancelled' },
    ]);
    expect(s.insights.length).toBeLessThanOrEqual(5);
    expect(s.insights).toContain('Hotfix: ELS exit criteria unmet in 2 of 3 releases; 3 incidents during ELS.');
    expect(s.insights[0]).toBe('Releases with every step done failed 50% (1 of 2) vs 100% (2 of 2) when steps were skipped or left open.');
  });

  it('limits the period to the last 30 days', async () => {
    const s = await service().summary('30d');
    expect(s.from).toBe('2026-03-02T00:00:00.000Z');
    // R-1 started on 1 March, before the window, but was deployed inside it.
    expect(s.keyFigures[0]).toEqual({ label: 'Releases', value: '5 started, 5 deployed, 1 cancelled' });
  });

  it('renders the summary as compact text for the console', async () => {
    const text = formatReportText(await service().summary('all'));
    expect(text.split('\n').slice(0, 10)).toEqual([
      'Release report (all time)',
      '  Releases                      6 started, 5 deployed, 1 cancelled',
      '  Deployment frequency          1.1 per week',
      '  Change failure rate           75% (3/4), 1 awaiting outcome',
      '  Lead time (start to deploy)   median 1d, p90 1.1d',
      '  On time (within 1h)           80% (4/5)',
      '  Checklist done at deployment  87%',
      '  ELS exit criteria met         33% (1/3), 1 incident per release',
      '  Estimated cost of failures    7,000',
      'By model:',
    ]);
    expect(text).toContain('Insights:\n  - Releases with every step done failed 50%');
  });

  it('says so plainly when a period has no releases', async () => {
    const later = createReportService({ store, clock: { now: () => new Date('2026-09-01T00:00:00Z') }, timeZone: 'UTC', report });
    const s = await later.summary('30d');
    expect(s.insights).toEqual(['No releases in the last 30 days.']);
    expect(s.byModel).toEqual([]);
    expect(formatReportText(s)).toContain('Change failure rate           –');
    // No ELS result in the period: the line is left out rather than shown empty.
    expect(s.keyFigures.map((k) => k.label)).not.toContain('ELS exit criteria met');
  });
});
