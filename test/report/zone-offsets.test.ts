import { describe, expect, it } from 'vitest';
import { applyOffset } from '../../src/domain/apply-offset.js';
import { ZoneOffsets } from '../../src/report/zone-offsets.js';

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Apia', 'America/Santiago'];
const OFFSETS = ['0', '-1d', '-2d', '+1d', '+7d', '-1h', '+1d12h', '-3d2h30m', '+30m'];
/** Windows around daylight-saving changes (and Samoa skipping 30 December 2011). */
const WINDOWS = ['2026-03-08T00:00:00Z', '2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z', '2026-11-01T00:00:00Z', '2026-04-04T00:00:00Z', '2026-09-05T00:00:00Z', '2011-12-29T00:00:00Z'];

describe('ZoneOffsets.applyOffset', () => {
  it('gives exactly what applyOffset (luxon) gives, across daylight-saving changes', () => {
    const zoneCache = new Map(ZONES.map((z) => [z, new ZoneOffsets(z)]));
    let compared = 0;
    for (const start of WINDOWS) {
      // Every 131 minutes for four days, so planned times land before, inside and after each change.
      for (let ms = Date.parse(start) - 2 * 86_400_000; ms < Date.parse(start) + 2 * 86_400_000; ms += 131 * 60_000) {
        const iso = new Date(ms).toISOString();
        for (const zone of ZONES) {
          for (const offset of OFFSETS) {
            const fast = zoneCache.get(zone)!.applyOffset(ms, offset);
            const slow = applyOffset(iso, offset, zone).getTime();
            if (fast !== slow) expect({ iso, zone, offset, fast: new Date(fast).toISOString() }).toEqual({ iso, zone, offset, fast: new Date(slow).toISOString() });
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(15_000);
  });

  it('refuses a zone that does not exist', () => {
    expect(() => new ZoneOffsets('Mars/Olympus')).toThrow('"Mars/Olympus" is not an IANA time zone');
  });
});
