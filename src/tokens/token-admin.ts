import { link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { generateToken, hashToken } from './hash-token.js';
import { readTokens, readTokenUse, tokenNameSchema, tokenScopeSchema, writeTokens, type TokenScope } from './token-file.js';

/** A refusal of the token CLI, said in one line: the CLI prints it and exits non-zero. */
export class TokenAdminError extends Error {}

export interface TokenListing {
  name: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
  scope?: TokenScope;
}

/**
 * One token change at a time per DATA_DIR: two "token create" runs at the same moment would otherwise each rewrite
 * tokens.json from what they read, and one token would be lost. A lock older than a minute was left by a crash.
 */
async function withTokensLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const lock = path.join(dataDir, 'tokens.json.lock');
  for (let tries = 0; ; tries++) {
    try {
      const handle = await open(lock, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      // Renaming is atomic, so of two commands that both find it stale only one takes it away. If what it took turns out
      // fresh (another command had just taken over), it is put back, never over a lock that exists (link fails then).
      if (age > 60_000) {
        const taken = `${lock}.stale-${process.pid}-${tries}`;
        if (await rename(lock, taken).then(() => true, () => false)) {
          const fresh = await stat(taken).then((s) => Date.now() - s.mtimeMs < 60_000, () => false);
          if (fresh) await link(taken, lock).catch(() => undefined);
          await unlink(taken).catch(() => undefined);
        }
      }
      else if (tries > 100) throw new TokenAdminError(`Another token change holds ${lock}; try again, or remove the file if no other "token" command runs.`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

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
 * Creates a token and returns it: the only time it exists outside the pipeline's secret store (tokens.json keeps its
 * SHA-256). A name already used, even by a revoked token, is refused, so a name in the audit trail means one token.
 */
export async function createToken(dataDir: string, name: string | undefined, opts: { scope?: TokenScope; now: Date }): Promise<string> {
  const valid = parseName(name);
  await mkdir(dataDir, { recursive: true });
  return withTokensLock(dataDir, async () => {
    const file = await readTokens(dataDir);
    if (file.tokens.some((t) => t.name === valid)) throw new TokenAdminError(`A token named "${valid}" already exists; pick another name (revoked names stay taken).`);
    const token = generateToken();
    await writeTokens(dataDir, { ...file, tokens: [...file.tokens, { name: valid, hash: hashToken(token), createdAt: opts.now.toISOString(), ...(opts.scope ? { scope: opts.scope } : {}) }] });
    return token;
  });
}

export async function revokeToken(dataDir: string, name: string | undefined, now: Date): Promise<void> {
  const valid = parseName(name);
  await withTokensLock(dataDir, async () => {
    const file = await readTokens(dataDir);
    const token = file.tokens.find((t) => t.name === valid);
    if (!token) throw new TokenAdminError(`There is no token named "${valid}". "token list" shows them.`);
    if (token.revokedAt) throw new TokenAdminError(`The token "${valid}" was already revoked at ${token.revokedAt}.`);
    await writeTokens(dataDir, { ...file, tokens: file.tokens.map((t) => (t.name === valid ? { ...t, revokedAt: now.toISOString() } : t)) });
  });
}

export async function listTokens(dataDir: string): Promise<TokenListing[]> {
  const [file, use] = await Promise.all([readTokens(dataDir), readTokenUse(dataDir)]);
  return file.tokens.map((t) => ({
    name: t.name,
    createdAt: t.createdAt,
    ...(use.lastUsed[t.name] ? { lastUsedAt: use.lastUsed[t.name] } : {}),
    ...(t.revokedAt ? { revokedAt: t.revokedAt } : {}),
    ...(t.scope ? { scope: t.scope } : {}),
  }));
}
