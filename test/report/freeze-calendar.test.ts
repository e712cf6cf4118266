import { describe, expect, it } from 'vitest';
import type { FreezeWindow } from '../../src/domain/freeze-windows.js';
import { FREEZE_NEAR_MS, FreezeCalendar } from '../../src/report/freeze-calendar.js';

const H = 3_600_000;
const DAY = 24 * H;
const t = (iso: string) => Date.parse(iso);

const START = '2026-12-20T00:00:00.000Z';
const END = '2027-01-04T00:00:00.000Z';
const yearEnd: FreezeWindow = { id: 'year-end', name: 'Year-end freeze', exempt: ['emergency'], kind: 'fixed', start: START, end: END };
const fridays: FreezeWindow = { id: 'friday', name: 'Friday afternoons', exempt: [], kind: 'recurring', cron: '0 14 * * 5', durationMs: 10 * H };

describe('FreezeCalendar', () => {
  it('tells inside, next to (a day either side, inclusive) and clear for a fixed window', () => {
    const cal = new FreezeCalendar([yearEnd], 'UTC');
    const [start, end] = [t(START), t(END)];
    expect(FREEZE_NEAR_MS).toBe(DAY);
    expect([start, end - 1, end, end + DAY, end + DAY + 1].map((at) => cal.proximity(at, 'major'))).toEqual(['inside', 'inside', 'next_to', 'next_to', undefined]);
    expect([start - 1, start - DAY, start - DAY - 1].map((at) => cal.proximity(at, 'major'))).toEqual(['next_to', 'next_to', undefined]);
  });

  it('passes over windows that exempt the model', () => {
    const cal = new FreezeCalendar([yearEnd], 'UTC');
    expect(cal.proximity(t('2026-12-25T12:00:00Z'), 'emergency')).toBeUndefined();
    expect(cal.proximity(t('2026-12-25T12:00:00Z'), 'major')).toBe('inside');
  });

  it('reads a recurring window in the team zone, across the spring-forward', () => {
    const cal = new FreezeCalendar([fridays], 'Europe/Berlin');
    // 14:00 in Berlin is 13:00 UTC on 27 March (CET) and 12:00 UTC on 3 April (CEST).
    expect(cal.proximity(t('2026-03-27T12:59:00Z'), 'major')).toBe('next_to');
    expect(cal.proximity(t('2026-03-27T13:00:00Z'), 'major')).toBe('inside');
    expect(cal.proximity(t('2026-04-03T12:00:00Z'), 'major')).toBe('inside');
    expect(cal.proximity(t('2026-04-03T21:59:00Z'), 'major')).toBe('inside');
    expect(cal.proximity(t('2026-04-03T22:00:00Z'), 'major')).toBe('next_to');
    // Wednesday noon is more than a day from either Friday.
    expect(cal.proximity(t('2026-04-01T12:00:00Z'), 'major')).toBeUndefined();
  });

  it('finds a freeze on the far side of the 30-day chunks it caches occurrences in', () => {
    const chunk = 30 * DAY;
    const boundary = Math.ceil(t('2026-06-01T00:00:00Z') / chunk) * chunk;
    const window: FreezeWindow = { id: 'w', name: 'W', exempt: [], kind: 'fixed', start: new Date(boundary).toISOString(), end: new Date(boundary + 2 * DAY).toISOString() };
    const cal = new FreezeCalendar([window], 'UTC');
    expect(cal.proximity(boundary - DAY, 'major')).toBe('next_to');
    expect(cal.proximity(boundary - 1, 'major')).toBe('next_to');
    expect(cal.proximity(boundary, 'major')).toBe('inside');
    const after = new FreezeCalendar([{ ...window, start: new Date(boundary - 2 * DAY).toISOString(), end: new Date(boundary).toISOString() }], 'UTC');
    expect(after.proximity(boundary + DAY, 'major')).toBe('next_to');
    expect(after.proximity(boundary + DAY + 1, 'major')).toBeUndefined();
    // Exactly a day after the end, at the very start of a chunk.
    const dayBefore = new FreezeCalendar([{ ...window, start: new Date(boundary - 3 * DAY).toISOString(), end: new Date(boundary - DAY).toISOString() }], 'UTC');
    expect(dayBefore.proximity(boundary, 'major')).toBe('next_to');
  });

  it('knows nothing without windows', () => {
    expect(new FreezeCalendar([], 'UTC').proximity(t('2026-12-25T12:00:00Z'), 'major')).toBeUndefined();
  });
});
