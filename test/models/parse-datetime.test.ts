import { describe, expect, it } from 'vitest';
import { parseDateTime, parseDateTimeDetailed } from '../../src/domain/parse-datetime.js';

const at = (iso: string) => new Date(iso);
const berlin = { now: at('2026-03-28T08:00:00Z'), timeZone: 'Europe/Berlin' }; // 09:00 in Berlin, the day before clocks go forward
const iso = (text: string | number, opts = berlin) => parseDateTime(text, opts)?.toISOString();

describe('parseDateTime', () => {
  it('reads wall-clock times in the team time zone, across both Berlin DST changes of 2026', () => {
    expect(iso('2026-03-29 01:30')).toBe('2026-03-29T00:30:00.000Z'); // still CET, +01:00
    expect(iso('2026-03-29 03:30')).toBe('2026-03-29T01:30:00.000Z'); // now CEST, +02:00
    expect(iso('2026-10-25T01:30')).toBe('2026-10-24T23:30:00.000Z'); // CEST
    expect(iso('2026-10-25T03:30')).toBe('2026-10-25T02:30:00.000Z'); // CET again
    expect(iso('2026-12-01 14:30:15')).toBe('2026-12-01T13:30:15.000Z');
  });

  it('refuses a time skipped by the spring-forward change instead of silently moving it', () => {
    expect(parseDateTime('2026-03-29 02:30', berlin)).toBeUndefined();
    expect(parseDateTimeDetailed('2026-03-29 02:30', berlin)).toEqual({ ok: false, reason: 'nonexistent' });
    const ny = { ...berlin, timeZone: 'America/New_York' };
    expect(parseDateTimeDetailed('2026-03-08 02:30', ny)).toEqual({ ok: false, reason: 'nonexistent' });
  });

  it('reads an hour that happens twice (autumn) as the later, standard-time one', () => {
    expect(iso('2026-10-25 02:30')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('reads America/New_York around its own DST dates', () => {
    const ny = { now: berlin.now, timeZone: 'America/New_York' };
    expect(iso('2026-03-08 01:30', ny)).toBe('2026-03-08T06:30:00.000Z'); // EST, -05:00
    expect(iso('2026-03-08 03:30', ny)).toBe('2026-03-08T07:30:00.000Z'); // EDT, -04:00
    expect(iso('2026-11-01 12:00', ny)).toBe('2026-11-01T17:00:00.000Z'); // EST again
  });

  it('takes ISO-8601 with an offset as the instant it names, whatever the team zone', () => {
    expect(iso('2026-12-01T14:30:00+01:00')).toBe('2026-12-01T13:30:00.000Z');
    expect(iso('2026-12-01T14:30Z')).toBe('2026-12-01T14:30:00.000Z');
    expect(iso('2026-12-01T14:30:00.250-05:00')).toBe('2026-12-01T19:30:00.250Z');
  });

  it('reads "now", relative times and words for days', () => {
    expect(iso('now')).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(' NOW ')).toBe('2026-03-28T08:00:00.000Z');
    expect(iso('in 2h')).toBe('2026-03-28T10:00:00.000Z');
    expect(iso('+90m')).toBe('2026-03-28T09:30:00.000Z');
    expect(iso('in 1d 2h')).toBe('2026-03-29T09:00:00.000Z');
    expect(iso('in 3 hours')).toBe('2026-03-28T11:00:00.000Z');
  });

  it('counts relative days as calendar days in the zone: "+1d" over the DST change keeps 09:00 local, "in 24h" does not', () => {
    expect(iso('+1d')).toBe('2026-03-29T07:00:00.000Z'); // 09:00 CEST
    expect(iso('in 24h')).toBe('2026-03-29T08:00:00.000Z'); // 10:00 CEST
  });

  it('reads "today" and "tomorrow" in the team zone, not in UTC', () => {
    const lateEvening = { now: at('2026-03-28T23:30:00Z'), timeZone: 'Europe/Berlin' }; // already 00:30 on the 29th in Berlin
    expect(iso('tomorrow 09:00', lateEvening)).toBe('2026-03-30T07:00:00.000Z');
    expect(iso('tomorrow 09:00', { ...lateEvening, timeZone: 'UTC' })).toBe('2026-03-29T09:00:00.000Z');
    expect(iso('today 18:00', lateEvening)).toBe('2026-03-29T16:00:00.000Z');
  });

  it('reads unix epoch seconds as Slack datetimepickers send them, as a number or a numeric string', () => {
    expect(iso(1796137200)).toBe('2026-12-01T15:00:00.000Z');
    expect(iso('1796137200')).toBe('2026-12-01T15:00:00.000Z');
    expect(iso('1796137200000')).toBe('2026-12-01T15:00:00.000Z');
  });

  it.each(['', 'soon', '2026-13-01 10:00', '2026-12-01', '2026-12-01 25:00', 'in 2 weeks', '+', 'in h', '12345'])('rejects %j', (text) => {
    expect(parseDateTime(text, berlin)).toBeUndefined();
  });

  it('rejects an unknown time zone rather than guessing', () => {
    expect(parseDateTime('2026-12-01 14:30', { now: berlin.now, timeZone: 'Mars/Olympus' })).toBeUndefined();
  });
});
