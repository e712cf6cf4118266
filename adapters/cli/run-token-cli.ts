import { parseArgs } from 'node:util';
import { ConfigError, createToken, listTokens, openTokenRegistry, parseScope, readConfig, revokeToken, TokenAdminError, type TokenRegistry } from '../../src/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { formatTokenList } from './format-token-list.js';

export const TOKEN_USAGE = `Usage: npm run token -- <command>
  create <name> [--scope slack:T0123|teams:<tenant id>]   prints the new token alone on the last line
  list                                                    name, created, last used, scope, revoked
  revoke <name>
Tokens live in DATA_DIR/tokens.json (default ./data), or in PostgreSQL's api_tokens table when DATABASE_URL is set,
hashed; every running bot honours a change within 2 seconds.`;

class UsageError extends Error {}

/** Errors a person fixes by reading them, printed as their message alone; anything else is "could not finish: …". */
const plain = (e: Error) => e instanceof TokenAdminError || e instanceof ConfigError || e.name === 'StoreCorruptError';

/**
 * `npm run token -- create|list|revoke`: administers pipeline tokens where the bot keeps them (DATA_DIR, or the database
 * when DATABASE_URL is set), read from the environment as the bot reads it. A refusal
 * (a name taken, an unknown name) exits 1 with one line on stderr, a usage error 2; no stack is ever printed.
 */
export async function runTokenCli(argv: readonly string[], env: Record<string, string | undefined>, io: { out: (l: string) => void; err: (l: string) => void }, now = () => new Date()): Promise<ExitCode> {
  try {
    const { values, positionals } = (() => {
      try {
        return parseArgs({ args: [...argv], options: { scope: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
      } catch (error) {
        throw new UsageError((error as Error).message.split('\n')[0]);
      }
    })();
    const [command, name, extra] = positionals;
    if (values.help || command === 'help') {
      io.out(TOKEN_USAGE);
      return EXIT.OK;
    }
    if (extra !== undefined || (command !== 'create' && values.scope !== undefined)) throw new UsageError(`Unexpected ${extra !== undefined ? `argument "${extra.slice(0, 40)}"` : '--scope'} for "${command}".`);
    // Only where tokens live matters here: a Slack or Teams setting the bot would refuse must not stop token administration.
    const { dataDir, databaseUrl } = readConfig({ DATA_DIR: env['DATA_DIR'], DATABASE_URL: env['DATABASE_URL'] });
    if (command !== 'create' && command !== 'list' && command !== 'revoke') {
      throw new UsageError(command === undefined ? 'Give a command: create, list or revoke.' : `"${command.slice(0, 40)}" is not a command: create, list or revoke.`);
    }
    if (name === undefined && command !== 'list') throw new UsageError(command === 'create' ? 'Name the token, e.g. "create github-ci".' : 'Name the token to revoke; "list" shows them.');
    if (name !== undefined && command === 'list') throw new UsageError(`Unexpected argument "${name.slice(0, 40)}" for "list".`);
    const scope = values.scope !== undefined ? parseScope(values.scope) : undefined;
    const { registry, close } = await openTokenRegistry({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
    try {
      return await runCommand(command, name, registry, scope, io, now);
    } finally {
      await close();
    }
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    if (err instanceof UsageError) {
      io.err(`token: ${err.message}`);
      io.err(TOKEN_USAGE);
      return EXIT.USAGE;
    }
    io.err(`token: ${plain(err) ? err.message : `could not finish: ${err.message}`}`);
    return EXIT.REFUSED;
  }
}

type TokenScope = ReturnType<typeof parseScope>;

async function runCommand(command: 'create' | 'list' | 'revoke', name: string | undefined, registry: TokenRegistry, scope: TokenScope | undefined, io: { out: (l: string) => void }, now: () => Date): Promise<ExitCode> {
  switch (command) {
    case 'create': {
      const token = await createToken(registry, name, { now: now(), ...(scope ? { scope } : {}) });
      io.out(`Created token "${name}"${scope ? ` for ${scope.surface}:${scope.workspaceId}` : ''}. Store it as a secret now; it is not shown again:`);
      io.out(token);
      return EXIT.OK;
    }
    case 'list':
      for (const line of formatTokenList(await listTokens(registry))) io.out(line);
      return EXIT.OK;
    case 'revoke':
      await revokeToken(registry, name, now());
      io.out(`Revoked token "${name}"; every running bot refuses it within 2 seconds.`);
      return EXIT.OK;
  }
}
