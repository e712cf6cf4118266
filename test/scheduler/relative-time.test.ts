import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../src/format/relative-time.js';

const now = new Date('2026-03-28T22:30:00Z'); // 23:30 in Berlin, the night before the clocks go forward
const rel = (iso: string, tz = 'Europe/Berlin') => relativeTime(iso, now, tz);

describe('relativeTime', () => {
  it('words the real distance: now, minutes, hours and minutes, then calendar days in the zone', () => {
    expect(rel('2026-03-28T22:30:40Z')).toBe('now');
    expect(rel('2026-03-28T22:33:00Z')).toBe('in 3 minutes');
    expect(rel('2026-03-28T23:29:10Z')).toBe('in 1 hour'); // a tick after T-1h still reads "in 1 hour"
    expect(rel('2026-03-29T00:35:00Z')).toBe('in 2 hours and 5 minutes');
    // 07:00 UTC is 09:00 CEST on Sunday: the next date in Berlin, though under nine hours away.
    expect(rel('2026-03-29T07:00:00Z')).toBe('tomorrow');
    expect(rel('2026-03-29T07:00:00Z', 'UTC')).toBe('tomorrow');
    expect(rel('2026-03-28T23:55:00Z', 'America/New_York')).toBe('in 1 hour and 25 minutes');
    expect(rel('2026-03-31T07:00:00Z')).toBe('in 3 days');
  });

  it('words the past for nudges', () => {
    expect(rel('2026-03-28T20:30:00Z')).toBe('2 hours ago');
    expect(rel('2026-03-28T08:00:00Z')).toBe('earlier today');
    expect(rel('2026-03-27T22:30:00Z')).toBe('yesterday');
    expect(rel('2026-03-24T12:00:00Z')).toBe('4 days ago');
  });
});
