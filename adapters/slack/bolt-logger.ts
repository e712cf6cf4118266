import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/index.js';

const ORDER: Record<string, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Bolt and the WebClient log through our JSON logger, so their lines get the same redaction and format.
 * Lines below the level are dropped before they are formatted: Bolt logs whole request bodies at debug level,
 * and formatting those on every click would slow the acknowledgement down.
 */
export function boltLogger(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error'): BoltLogger {
  let current = level as LogLevel;
  let name = 'bolt';
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    if ((ORDER[lvl] ?? 0) < (ORDER[current] ?? 0)) return;
    logger[lvl](line(msg), { component: name });
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l) => { current = l; },
    getLevel: () => current,
    setName: (n) => { name = n; },
  };
}
