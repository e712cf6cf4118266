import { parseArgs } from 'node:util';
import { ConfigError, migrateStore, readConfig, StoreMoveError, type Logger } from '../../src/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export const STORE_MIGRATE_USAGE = `Usage: npm run store:migrate -- --to "$DATABASE_URL"
Moves the lowdb store in DATA_DIR (default ./data) into an empty PostgreSQL database: active and archived releases,
team roles (places.json), kept API answers (idempotency.json) and API tokens (tokens.json, token-use.json).
Stop the bot first. The files are only read; the move is one transaction, checked against them before it commits.`;

class UsageError extends Error {}

/** Errors a person fixes by reading them, printed as their message alone; anything else is "could not finish: …". */
const plain = (e: Error) => e instanceof StoreMoveError || e instanceof ConfigError || e.name === 'StoreCorruptError' || e.name === 'StoreVersionError' || e.name === 'StoreUnwritableError';

/** Warnings (a file left alone, an index rebuilt in memory) as plain lines on stderr; the rest of the log is not for a person at a terminal. */
function warningsTo(err: (line: string) => void): Logger {
  // The fields the store warns with are file names and counts; an error object among them prints as {}.
  const say = (message: string, fields?: Parameters<Logger['warn']>[1]) => err(`store:migrate: warning: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { debug: () => undefined, info: () => undefined, warn: say, error: say };
}

/**
 * `npm run store:migrate -- --to <postgres url>`: see migrateStore. Exits 0 with a short report, 1 when the move is
 * refused or undone (one message, nothing written to the database), 2 for a usage mistake.
 */
export async function runStoreMigrate(argv: readonly string[], env: Record<string, string | undefined>, io: { out: (l: string) => void; err: (l: string) => void }): Promise<ExitCode> {
  try {
    const { values, positionals } = (() => {
      try {
        return parseArgs({ args: [...argv], options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
      } catch (error) {
        throw new UsageError((error as Error).message.split('\n')[0]);
      }
    })();
    if (values.help) {
      io.out(STORE_MIGRATE_USAGE);
      return EXIT.OK;
    }
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]!.slice(0, 40)}".`);
    if (!values.to) throw new UsageError('Give the target database: --to "$DATABASE_URL".');
    // The URL is checked as the bot checks DATABASE_URL, and never printed: it may hold a password.
    const { dataDir, databaseUrl } = readConfig({ DATA_DIR: env['DATA_DIR'], DATABASE_URL: values.to });
    if (!databaseUrl) throw new UsageError('Give the target database: --to "$DATABASE_URL".');
    const report = await migrateStore({ dataDir, databaseUrl, logger: warningsTo(io.err) });
    for (const warning of report.warnings) io.err(`store:migrate: warning: ${warning}`);
    io.out(`Moved ${dataDir} into ${report.target}:`);
    io.out(`  active releases    ${report.active}`);
    io.out(`  archived releases  ${report.archived}`);
    io.out(`  places             ${report.places}`);
    io.out(`  API tokens         ${report.tokens}`);
    io.out(`  kept API answers   ${report.answers}`);
    io.out(`  next release       R-${report.nextSeq}`);
    io.out(`  checksum           ok (sha256 ${report.checksum.slice(0, 16)}…, files and database alike)`);
    io.out(`The files in ${dataDir} were left untouched. Start the bots with DATABASE_URL set; the first one to start plans`);
    io.out('the reminder jobs of the active releases by itself.');
    return EXIT.OK;
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    if (err instanceof UsageError) {
      io.err(`store:migrate: ${err.message}`);
      io.err(STORE_MIGRATE_USAGE);
      return EXIT.USAGE;
    }
    const nothing = err instanceof StoreMoveError ? '' : ' Nothing was moved into the database.';
    const said = plain(err) ? err.message : `could not finish: ${err.message}`;
    io.err(`store:migrate: ${said}${nothing && !/[.!?]$/.test(said) ? '.' : ''}${nothing}`);
    return EXIT.REFUSED;
  }
}
