import { describe, expect, it } from 'vitest';
import { tickLoop } from '../../src/scheduler/tick-loop.js';
import { recordingLogger } from './harness.js';

describe('tickLoop', () => {
  it('runs one tick at a time, answers a failed tick with its idle value, and stops without waiting forever for a hung one', async () => {
    const { logger, lines } = recordingLogger();
    let calls = 0;
    const hang = new Promise<number>(() => {});
    const loop = tickLoop(async () => (++calls === 1 ? Promise.reject(new Error('store gone')) : hang), { name: 'test', idle: -1, logger, stopWaitMs: 200 });
    expect(await loop.tick()).toBe(-1);
    expect(lines.find((l) => l['message'] === 'test tick failed')).toBeDefined();
    void loop.tick();
    expect(await loop.tick()).toBe(-1);
    expect(calls).toBe(2);
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines.map((l) => l['message'])).toContain('test tick still running at shutdown; stopping without it (the store does not answer)');
  });
});
