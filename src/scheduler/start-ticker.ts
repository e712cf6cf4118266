import cron from 'node-cron';
import type { Logger } from '../logging/logger.js';

export interface Ticker {
  stop(): Promise<void>;
}

/**
 * A node-cron expression firing every `seconds`, or undefined when cron cannot express that interval evenly:
 * cron steps restart at every minute (or hour), so only divisors of 60 seconds (or 60 minutes) tick at a steady pace,
 * and cron has no sub-second resolution.
 */
export function cronExpressionFor(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds <= 0) return undefined;
  if (seconds < 60 && 60 % seconds === 0) return seconds === 1 ? '* * * * * *' : `*/${seconds} * * * * *`;
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '0 * * * * *' : `0 */${minutes} * * * *`;
  if (seconds === 3600) return '0 0 * * * *';
  return undefined;
}

/** Calls `onTick` every `seconds`. `onTick` must not throw; overlap is the caller's concern. */
export function startTicker(seconds: number, onTick: () => void, logger: Logger): Ticker {
  const expression = cronExpressionFor(seconds);
  if (expression === undefined) {
    // Fallback for intervals cron cannot express evenly (fractions of a second, or e.g. 7 s / 90 s, where a cron
    // step would restart at each minute and leave a short gap); a plain interval keeps the pace steady.
    const timer = setInterval(onTick, seconds * 1000);
    return { stop: async () => clearInterval(timer) };
  }
  const task = cron.schedule(expression, () => onTick(), {
    name: 'reminder-ticker',
    // A skipped slot (event loop busy, laptop asleep) needs no warning: the next tick picks up everything still due.
    suppressMissedWarning: true,
    // node-cron logs to stdout by default, which would mix with the console chat.
    logger: {
      info: (m) => logger.debug(`node-cron: ${m}`),
      warn: (m) => logger.warn(`node-cron: ${m}`),
      error: (m, err) => logger.error(`node-cron: ${String(m)}`, { err }),
      debug: (m) => logger.debug(`node-cron: ${String(m)}`),
    },
  });
  return { stop: async () => void (await task.destroy()) };
}
