import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logging/logger.js';

/** Bolt and the WebClient log through our JSON logger, so their lines get the same redaction and format. */
export function boltLogger(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error'): BoltLogger {
  let current = level as LogLevel;
  let name = 'bolt';
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => logger.debug(line(msg), { component: name }),
    info: (...msg) => logger.info(line(msg), { component: name }),
    warn: (...msg) => logger.warn(line(msg), { component: name }),
    error: (...msg) => logger.error(line(msg), { component: name }),
    setLevel: (l) => { current = l; },
    getLevel: () => current,
    setName: (n) => { name = n; },
  };
}
