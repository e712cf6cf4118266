import { parseArgs } from 'node:util';
import { ConfigError, createToken, listTokens, parseScope, readConfig, revokeToken, TokenAdminError } from '../../src/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { formatTokenList } from './format-token-list.js';

export const TOKEN_USAGE = `Usage: npm run token -- <command>
  create <name> [--scope slack:T0123|teams:<tenant id>]   prints the new token alone on the last line
  list                                                    name, created, last used, scope, revoked
  revoke <name>
Tokens live in DATA_DIR/tokens.json (default ./data), hashed; the running bot honours a change within 2 seconds.`;

class UsageError extends Error {}

/** Errors a person fixes by reading them, printed as their message alone; anything else is "could not finish: …". */
const plain = (e: Error) => e instanceof TokenAdminError || e instanceof ConfigError || e.name === 'StoreCorruptError';

/**
 * `npm run token -- create|list|revoke`: administers pipeline tokens in DATA_DIR, read as the bot reads it. A refusal
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
    // Only DATA_DIR matters here: a Slack or Teams setting the bot would refuse must not stop token administration.
    const { dataDir } = readConfig({ DATA_DIR: env['DATA_DIR'] });
    switch (command) {
      case 'create': {
        if (name === undefined) throw new UsageError('Name the token, e.g. "create github-ci".');
        const scope = values.scope !== undefined ? parseScope(values.scope) : undefined;
        const token = await createToken(dataDir, name, { now: now(), ...(scope ? { scope } : {}) });
        io.out(`Created token "${name}"${scope ? ` for ${scope.surface}:${scope.workspaceId}` : ''}. Store it as a secret now; it is not shown again:`);
        io.out(token);
        return EXIT.OK;
      }
      case 'list':
        if (name !== undefined) throw new UsageError(`Unexpected argument "${name.slice(0, 40)}" for "list".`);
        for (const line of formatTokenList(await listTokens(dataDir))) io.out(line);
        return EXIT.OK;
      case 'revoke':
        if (name === undefined) throw new UsageError('Name the token to revoke; "list" shows them.');
        await revokeToken(dataDir, name, now());
        io.out(`Revoked token "${name}"; the running bot refuses it within 2 seconds.`);
        return EXIT.OK;
      default:
        throw new UsageError(command === undefined ? 'Give a command: create, list or revoke.' : `"${command.slice(0, 40)}" is not a command: create, list or revoke.`);
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
