import { describe, expect, it } from 'vitest';
import { applyOffset } from '../../src/domain/apply-offset.js';
import { loadCatalog } from '../../src/models/load-catalog.js';

describe('applyOffset for model offsets around daylight-saving changes', () => {
  it('T-2d of a 09:00 Berlin release right after the spring change is 09:00 local, only 47 elapsed hours earlier', () => {
    const plannedAt = '2026-03-30T07:00:00.000Z'; // Monday 09:00 CEST, the day after clocks went forward
    expect(applyOffset(plannedAt, '-2d', 'Europe/Berlin').toISOString()).toBe('2026-03-28T08:00:00.000Z'); // Saturday 09:00 CET
  });

  it('T+1d of a 09:00 Berlin release right before the autumn change stays 09:00 local', () => {
    const plannedAt = '2026-10-24T07:00:00.000Z'; // Saturday 09:00 CEST
    expect(applyOffset(plannedAt, '+1d', 'Europe/Berlin').toISOString()).toBe('2026-10-25T08:00:00.000Z'); // Sunday 09:00 CET
  });

  it('T-1h is elapsed time, even across the change', () => {
    expect(applyOffset('2026-03-29T01:30:00.000Z', '-1h', 'Europe/Berlin').toISOString()).toBe('2026-03-29T00:30:00.000Z');
  });

  it('every reminder of the major model lands at the wall-clock time of a New York release across its DST change', async () => {
    const major = (await loadCatalog('models')).model('major');
    const plannedAt = '2026-03-09T13:00:00.000Z'; // Monday 09:00 EDT, the day after clocks went forward
    const at = Object.fromEntries((major?.reminders ?? []).map((r) => [r.id, applyOffset(plannedAt, r.at, 'America/New_York').toISOString()]));
    expect(at).toEqual({
      announce_t2d: '2026-03-07T14:00:00.000Z', // Saturday 09:00 EST
      announce_t1h: '2026-03-09T12:00:00.000Z',
      announce_live: '2026-03-09T13:00:00.000Z',
      els_day1: '2026-03-10T13:00:00.000Z',
      els_day3: '2026-03-12T13:00:00.000Z',
      els_exit: '2026-03-16T13:00:00.000Z',
    });
  });
});
