import { silentLogger, type Logger } from '../logging/logger.js';
import { openPgPool } from '../storage/postgres/open-pg-pool.js';
import { pgTokenRegistry } from '../storage/postgres/pg-token-registry.js';
import { runMigrations } from '../storage/postgres/run-migrations.js';
import { fileTokenRegistry } from './file-token-registry.js';
import type { TokenRegistry } from './token-registry.js';

/**
 * The registry the token CLI administers, chosen as the bot chooses its stores: the api_tokens table when DATABASE_URL
 * is set, DATA_DIR/tokens.json otherwise. The CLI may run before any bot has started on a new database, so the schema
 * is brought up to date first (under the same advisory lock the bots take).
 */
export async function openTokenRegistry(opts: { dataDir: string; databaseUrl?: string; logger?: Logger }): Promise<{ registry: TokenRegistry; close(): Promise<void> }> {
  if (!opts.databaseUrl) return { registry: fileTokenRegistry(opts.dataDir), close: async () => undefined };
  const logger = opts.logger ?? silentLogger;
  const pool = openPgPool(opts.databaseUrl, logger, { max: 2 });
  try {
    await runMigrations(pool, logger);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return { registry: pgTokenRegistry(pool), close: () => pool.end() };
}
