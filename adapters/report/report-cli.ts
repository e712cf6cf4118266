import { loadDotEnv } from '../../src/index.js';
import { runReport } from './run-report.js';

/** Mistakes a person can fix are printed plainly; anything else with its stack. */
const PLAIN = new Set(['UsageError', 'ConfigError', 'StoreOpenError', 'StoreCorruptError', 'StoreVersionError', 'StoreLockedError']);

try {
  loadDotEnv();
  const run = await runReport(process.argv.slice(2), process.env);
  process.stdout.write(`${run.message}\n`);
} catch (error) {
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`Release report failed.\n${PLAIN.has(err.name) ? err.message : (err.stack ?? err.message)}\n`);
  process.exitCode = err.name === 'UsageError' ? 2 : 1;
}
