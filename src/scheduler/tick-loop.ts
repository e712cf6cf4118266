import type { Logger } from '../logging/logger.js';
import { startTicker, type Ticker } from './start-ticker.js';

export interface TickLoop<T> {
  /** Runs one tick now, unless one is still running (then answers `idle`); never throws. */
  tick(): Promise<T>;
  start(seconds: number): void;
  /** Stops ticking and waits for a tick in flight, at most `stopWaitMs`, so a hung store cannot hang shutdown. */
  stop(): Promise<void>;
}

/**
 * The life of a periodic job, shared by the reminder and digest schedulers: one tick at a time, a failed tick logged
 * and answered with `idle`, and a stop that does not wait forever.
 */
export function tickLoop<T>(run: () => Promise<T>, opts: { name: string; idle: T; logger: Logger; stopWaitMs?: number }): TickLoop<T> {
  const { name, idle, logger } = opts;
  let ticker: Ticker | undefined;
  let running: Promise<T> | undefined;

  function tick(): Promise<T> {
    if (running) {
      logger.debug(`${name} tick skipped: the previous one is still running`);
      return Promise.resolve(idle);
    }
    const current = run()
      .catch((err: unknown) => {
        logger.error(`${name} tick failed`, { err });
        return idle;
      })
      .finally(() => {
        running = undefined;
      });
    running = current;
    return current;
  }

  return {
    tick,
    start(seconds) {
      ticker ??= startTicker(seconds, () => void tick(), logger);
    },
    async stop() {
      const t = ticker;
      ticker = undefined;
      await t?.stop();
      if (!running) return;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        running.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), opts.stopWaitMs ?? 15_000))),
      ]);
      clearTimeout(timer);
      if (gaveUp) logger.warn(`${name} tick still running at shutdown; stopping without it (the store does not answer)`);
    },
  };
}
