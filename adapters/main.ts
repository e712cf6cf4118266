import { parseArgs } from 'node:util';
import { startBot } from './start-bot.js';
import { loadDotEnv } from '../src/index.js';

/**
 * `npm start`. Errors a person can fix (bad env, a broken model file, a corrupt database) are printed as they are,
 * without a stack trace, and the process exits 1 before anything half-starts.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const { values } = parseArgs({ options: { as: { type: 'string' } }, strict: false });
  const user = typeof values.as === 'string' ? values.as : undefined;
  let bot;
  try {
    bot = await startBot(process.env, { io: { input: process.stdin, output: process.stdout, ...(user ? { user } : {}) } });
  } catch (error) {
    const known = error instanceof Error && ['ConfigError', 'ModelFileError', 'StoreCorruptError', 'StoreLockedError', 'StoreVersionError', 'StoreUnwritableError'].includes(error.name);
    process.stderr.write(`\nRelease Bot could not start.\n${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  }
  for (const line of bot.startupLines) process.stdout.write(`${line}\n`);
  const shutdown = async (code: number) => {
    await bot.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(130));
  process.once('SIGTERM', () => void shutdown(143));
  await bot.consoleClosed;
  await shutdown(0);
}

void main();
