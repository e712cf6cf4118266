import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads `.env` from the working directory into process.env when there is one, and says nothing when there is not:
 * a missing .env is the normal case in production and in the quick start. Variables already set win, as with
 * Node's own --env-file.
 */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
