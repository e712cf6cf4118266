import { fileTokenRegistry } from './file-token-registry.js';
import { generateToken, hashToken } from './hash-token.js';
import { TokenAdminError } from './token-admin-error.js';
import { tokenNameSchema, tokenScopeSchema, type TokenScope } from './token-file.js';
import type { TokenRegistry } from './token-registry.js';

export { TokenAdminError };

export interface TokenListing {
  name: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
  scope?: TokenScope;
}

/** Where tokens are administered: a DATA_DIR (its tokens.json), or a registry (the database's table). */
export type TokenHome = string | TokenRegistry;

const registryOf = (home: TokenHome): TokenRegistry => (typeof home === 'string' ? fileTokenRegistry(home) : home);

function parseName(name: string | undefined): string {
  const parsed = tokenNameSchema.safeParse(name ?? '');
  if (!parsed.success) throw new TokenAdminError(`The token name ${name ? `"${name.slice(0, 60)}" ` : ''}${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
  return parsed.data;
}

/** "slack:T0123" or "teams:<tenant id>". */
export function parseScope(text: string): TokenScope {
  const [surface, ...rest] = text.split(':');
  const parsed = tokenScopeSchema.safeParse({ surface, workspaceId: rest.join(':') });
  if (!parsed.success || (surface !== 'slack' && surface !== 'teams')) throw new TokenAdminError(`The scope "${text.slice(0, 80)}" is not slack:<team id> or teams:<tenant id>.`);
  return parsed.data;
}

/**
 * Creates a token and returns it: the only time it exists outside the pipeline's secret store (the registry keeps its
 * SHA-256). A name already used, even by a revoked token, is refused, so a name in the audit trail means one token.
 */
export async function createToken(home: TokenHome, name: string | undefined, opts: { scope?: TokenScope; now: Date }): Promise<string> {
  const valid = parseName(name);
  const token = generateToken();
  const created = await registryOf(home).create({ name: valid, hash: hashToken(token), createdAt: opts.now.toISOString(), ...(opts.scope ? { scope: opts.scope } : {}) });
  if (!created) throw new TokenAdminError(`A token named "${valid}" already exists; pick another name (revoked names stay taken).`);
  return token;
}

export async function revokeToken(home: TokenHome, name: string | undefined, now: Date): Promise<void> {
  const valid = parseName(name);
  const result = await registryOf(home).revoke(valid, now.toISOString());
  if (result.kind === 'unknown') throw new TokenAdminError(`There is no token named "${valid}". "token list" shows them.`);
  if (result.kind === 'already') throw new TokenAdminError(`The token "${valid}" was already revoked at ${result.at}.`);
}

export async function listTokens(home: TokenHome): Promise<TokenListing[]> {
  return (await registryOf(home).list()).map((t) => ({
    name: t.name,
    createdAt: t.createdAt,
    ...(t.lastUsedAt ? { lastUsedAt: t.lastUsedAt } : {}),
    ...(t.revokedAt ? { revokedAt: t.revokedAt } : {}),
    ...(t.scope ? { scope: t.scope } : {}),
  }));
}
