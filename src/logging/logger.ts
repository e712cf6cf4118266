import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { destination, multistream, pino, type DestinationStream } from 'pino';
import { currentLogContext } from './log-context.js';
import { redact, scrub } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export { redact };

/** Where lines go: a function given whole lines (tests), or pino destinations with the least level each takes. */
export type LogSink = ((line: string) => void) | Array<{ level: LogLevel; stream: DestinationStream }>;

/**
 * JSON lines through pino: `time` (ISO-8601), `level` as a word, `message`, the request id and release id in force
 * (see withLogContext), then the fields, with every secret redacted. By default on stderr, so stdout stays free for
 * the console chat.
 */
export function createLogger(level: LogLevel, sink: LogSink = [{ level: 'debug', stream: destination({ fd: 2, sync: true }) }]): Logger {
  const streams = typeof sink === 'function' ? [{ level: 'debug' as const, stream: { write: (s: string) => sink(s.replace(/\n$/, '')) } }] : sink;
  const log = pino(
    {
      level,
      base: undefined,
      messageKey: 'message',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...currentLogContext() }),
    },
    multistream(streams),
  );
  const at = (lvl: LogLevel) => (message: string, fields?: LogFields) => {
    if (fields) log[lvl](redact(fields) as LogFields, scrub(message));
    else log[lvl](scrub(message));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The console chat's logs: every line to DATA_DIR/release-bot.log, so nothing lands in the conversation. Warnings and
 * errors are also written to stderr when it is not a terminal (a pipe, a supervisor, a test); a line the file cannot
 * take (the disk is full) goes to stderr instead of being lost.
 */
export function consoleModeLogger(level: LogLevel, dataDir: string, stderrIsTerminal: boolean): { logger: Logger; file: string } {
  const file = path.join(dataDir, 'release-bot.log');
  mkdirSync(dataDir, { recursive: true });
  const toFile: DestinationStream = {
    write(line: string) {
      try {
        appendFileSync(file, line);
      } catch {
        process.stderr.write(line);
      }
    },
  };
  const streams: Array<{ level: LogLevel; stream: DestinationStream }> = [{ level: 'debug', stream: toFile }];
  if (!stderrIsTerminal) streams.push({ level: 'warn', stream: destination({ fd: 2, sync: true }) });
  return { logger: createLogger(level, streams), file };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
