import { describe, expect, it } from 'vitest';
import { cronProblem, cronStarts, freezeAt, freezeSpans, type FreezeWindow } from '../../src/domain/freeze-windows.js';

const H = 3_600_000;
const yearEnd: FreezeWindow = { id: 'year-end', name: 'Year-end freeze', kind: 'fixed', start: '2026-12-19T23:00:00.000Z', end: '2027-01-03T23:00:00.000Z', exempt: ['emergency'] };
const friday: FreezeWindow = { id: 'friday', name: 'Friday afternoons', kind: 'recurring', cron: '0 14 * * 5', durationMs: 10 * H, exempt: [] };
const iso = (d: Date | undefined) => d?.toISOString();

describe('fixed windows: [start, end)', () => {
  it('are in force from their start, not at their end, and name when they lift', () => {
    expect(freezeAt([yearEnd], new Date('2026-12-19T22:59:59Z'), 'Europe/Berlin')).toBeUndefined();
    expect(iso(freezeAt([yearEnd], new Date('2026-12-19T23:00:00Z'), 'Europe/Berlin')?.end)).toBe('2027-01-03T23:00:00.000Z');
    expect(freezeAt([yearEnd], new Date('2027-01-03T23:00:00Z'), 'Europe/Berlin')).toBeUndefined();
  });

  it('leave exempt models alone', () => {
    expect(freezeAt([yearEnd], new Date('2026-12-24T12:00:00Z'), 'UTC', 'emergency')).toBeUndefined();
    expect(freezeAt([yearEnd], new Date('2026-12-24T12:00:00Z'), 'UTC', 'major')?.window.id).toBe('year-end');
  });
});

describe('recurring windows: each cron start in the zone, for the duration', () => {
  it('read the cron in the team zone: Friday 14:00 in Berlin is 13:00 UTC in winter, 12:00 in summer', () => {
    expect(cronStarts('0 14 * * 5', new Date('2026-12-01Z'), new Date('2026-12-08Z'), 'Europe/Berlin').map(iso)).toEqual(['2026-12-04T13:00:00.000Z']);
    expect(cronStarts('0 14 * * 5', new Date('2026-07-01Z'), new Date('2026-07-08Z'), 'Europe/Berlin').map(iso)).toEqual(['2026-07-03T12:00:00.000Z']);
    expect(cronStarts('0 14 * * fri', new Date('2026-12-01Z'), new Date('2026-12-08Z'), 'America/New_York').map(iso)).toEqual(['2026-12-04T19:00:00.000Z']);
  });

  it('are in force within the duration after a start, and say when the occurrence ends', () => {
    const tz = 'Europe/Berlin';
    expect(freezeAt([friday], new Date('2026-12-04T12:59:00Z'), tz)).toBeUndefined();
    const span = freezeAt([friday], new Date('2026-12-04T20:00:00Z'), tz);
    expect([iso(span?.start), iso(span?.end)]).toEqual(['2026-12-04T13:00:00.000Z', '2026-12-04T23:00:00.000Z']);
    expect(freezeAt([friday], new Date('2026-12-04T23:00:00Z'), tz)).toBeUndefined();
  });

  it('keep the wall-clock start across a daylight-saving change (Europe: 25 Oct 2026; US: 1 Nov 2026)', () => {
    // Saturday 22:00 for 10h, the night the clocks go back: the start stays 22:00 local each week.
    const weekend: FreezeWindow = { ...friday, id: 'sat', cron: '0 22 * * 6' };
    expect(cronStarts(weekend.cron, new Date('2026-10-17Z'), new Date('2026-11-01Z'), 'Europe/Berlin').map(iso)).toEqual([
      '2026-10-17T20:00:00.000Z',
      '2026-10-24T20:00:00.000Z',
      '2026-10-31T21:00:00.000Z',
    ]);
    // The occurrence that spans the change lasts 10 elapsed hours: 22:00 CEST → 07:00 CET.
    expect(iso(freezeAt([weekend], new Date('2026-10-25T05:30:00Z'), 'Europe/Berlin')?.end)).toBe('2026-10-25T06:00:00.000Z');
    expect(cronStarts('0 14 * * 5', new Date('2026-10-29Z'), new Date('2026-11-14Z'), 'America/New_York').map(iso)).toEqual([
      '2026-10-30T18:00:00.000Z',
      '2026-11-06T19:00:00.000Z',
      '2026-11-13T19:00:00.000Z',
    ]);
  });

  it('start a window at a time the spring-forward skips an hour later, once for a repeated hour', () => {
    expect(cronStarts('30 2 * * *', new Date('2026-03-28T12:00Z'), new Date('2026-03-30Z'), 'Europe/Berlin').map(iso)).toEqual([
      '2026-03-29T01:30:00.000Z',
    ]);
    expect(cronStarts('30 2 * * *', new Date('2026-10-24T12:00Z'), new Date('2026-10-26Z'), 'Europe/Berlin').map(iso)).toEqual([
      '2026-10-25T00:30:00.000Z',
    ]);
  });

  it('follow occurrences that chain (a duration as long as the period) to when the freeze really lifts', () => {
    const weekdays: FreezeWindow = { ...friday, id: 'wd', cron: '0 0 * * 1-3', durationMs: 24 * H };
    expect(iso(freezeAt([weekdays], new Date('2026-12-07T12:00:00Z'), 'UTC')?.end)).toBe('2026-12-10T00:00:00.000Z');
  });

  it('list the occurrences that overlap a period, the one in force first', () => {
    const spans = freezeSpans([friday, yearEnd], new Date('2026-12-04T20:00:00Z'), new Date('2026-12-22T00:00:00Z'), 'Europe/Berlin');
    expect(spans.map((s) => `${s.window.id} ${iso(s.start)}`)).toEqual([
      'friday 2026-12-04T13:00:00.000Z',
      'friday 2026-12-11T13:00:00.000Z',
      'friday 2026-12-18T13:00:00.000Z',
      'year-end 2026-12-19T23:00:00.000Z',
    ]);
  });

  it('names the window that lifts last when several are in force', () => {
    expect(freezeAt([friday, yearEnd], new Date('2026-12-25T14:00:00Z'), 'Europe/Berlin')?.window.id).toBe('year-end');
    expect(freezeAt([friday, yearEnd], new Date('2026-12-25T14:00:00Z'), 'Europe/Berlin', 'emergency')?.window.id).toBe('friday');
  });
});

describe('cron expressions', () => {
  it('read lists, ranges, steps and names, and say what is wrong', () => {
    const starts = (expr: string, from: string, to: string) => cronStarts(expr, new Date(from), new Date(to), 'UTC').map(iso);
    expect(starts('*/15 9-10 * * mon-fri', '2026-06-05T09:00Z', '2026-06-05T10:00Z')).toEqual(['2026-06-05T09:00:00.000Z', '2026-06-05T09:15:00.000Z', '2026-06-05T09:30:00.000Z', '2026-06-05T09:45:00.000Z']);
    expect(starts('*/15 9-10 * * mon-fri', '2026-06-06T00:00Z', '2026-06-08T00:00Z')).toEqual([]);
    expect(starts('0 0 1 jan,jul 7', '2026-06-30Z', '2026-07-06Z')).toEqual(['2026-07-01T00:00:00.000Z', '2026-07-05T00:00:00.000Z']);
    expect(cronProblem('0 14 * * 5')).toBeUndefined();
    expect(cronProblem('0 14 * *')).toMatch(/has 4 fields/);
    expect(cronProblem('0 25 * * 5')).toMatch(/hour/);
  });
});
