import { envSchema } from './config-schema.js';
import { toConfig, type Config } from './config.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the environment once into typed options. Takes a plain object so tests need no process.env.
 * Throws ConfigError naming every bad variable and what it must be.
 */
export function readConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '(environment)')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}\nFix these variables (or your .env file) and start again.`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET) problems.push('  SLACK_SIGNING_SECRET: must be set when SLACK_BOT_TOKEN is set');
  if (e.SLACK_SIGNING_SECRET && !e.SLACK_BOT_TOKEN) problems.push('  SLACK_BOT_TOKEN: must be set when SLACK_SIGNING_SECRET is set');
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN) problems.push('  SLACK_BOT_TOKEN: Socket Mode (SLACK_APP_TOKEN) also needs the bot token');
  if (Boolean(e.MICROSOFT_APP_ID) !== Boolean(e.MICROSOFT_APP_PASSWORD))
    problems.push('  MICROSOFT_APP_PASSWORD: MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD must be set together');
  if (e.TEAMS_ALLOW_ANONYMOUS && e.NODE_ENV === 'production' && !e.MICROSOFT_APP_ID)
    problems.push('  TEAMS_ALLOW_ANONYMOUS: anonymous Teams is refused when NODE_ENV=production; set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD');
  if (problems.length) throw new ConfigError(`Invalid configuration in the environment:\n${problems.join('\n')}`);
  return toConfig(e, cwd);
}
