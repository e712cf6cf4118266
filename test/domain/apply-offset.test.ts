import { describe, expect, it } from 'vitest';
import { applyOffset } from '../../src/domain/apply-offset.js';

describe('applyOffset', () => {
  // Berlin leaves summer time on 2026-10-25: 09:00 on the 26th is 08:00Z, 09:00 on the 24th is 07:00Z.
  const planned = '2026-10-26T08:00:00.000Z';

  it('counts whole days as calendar days in the team time zone', () => {
    expect(applyOffset(planned, '-2d', 'Europe/Berlin').toISOString()).toBe('2026-10-24T07:00:00.000Z');
  });

  it('counts hours as elapsed time, so -48h differs from -2d across a DST change', () => {
    expect(applyOffset(planned, '-48h', 'Europe/Berlin').toISOString()).toBe('2026-10-24T08:00:00.000Z');
    expect(applyOffset(planned, '-1d12h', 'Europe/Berlin').toISOString()).toBe('2026-10-24T20:00:00.000Z');
    expect(applyOffset(planned, '0', 'Europe/Berlin').toISOString()).toBe(planned);
  });
});
