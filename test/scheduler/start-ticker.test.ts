import { describe, expect, it } from 'vitest';
import cron from 'node-cron';
import { cronExpressionFor } from '../../src/scheduler/start-ticker.js';

describe('cronExpressionFor', () => {
  it('uses a seconds-resolution cron expression for intervals that divide a minute or an hour evenly', () => {
    expect(cronExpressionFor(1)).toBe('* * * * * *');
    expect(cronExpressionFor(5)).toBe('*/5 * * * * *');
    expect(cronExpressionFor(30)).toBe('*/30 * * * * *');
    expect(cronExpressionFor(60)).toBe('0 * * * * *');
    expect(cronExpressionFor(300)).toBe('0 */5 * * * *');
    expect(cronExpressionFor(3600)).toBe('0 0 * * * *');
    for (const s of [1, 5, 30, 60, 300, 3600]) expect(cron.validate(cronExpressionFor(s) as string)).toBe(true);
  });

  it('leaves fractions and uneven intervals to the interval fallback', () => {
    for (const s of [0.5, 1.5, 7, 45, 90, 3599]) expect(cronExpressionFor(s)).toBeUndefined();
  });
});
