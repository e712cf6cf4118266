import { link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isNotFound } from '../storage/durable-json-file.js';
import { TokenAdminError } from './token-admin-error.js';
import { readTokens, readTokenUse, tokensPath, writeTokens, writeTokenUse } from './token-file.js';
import type { TokenRegistry } from './token-registry.js';

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

/**
 * Tokens in DATA_DIR/tokens.json, written by the token CLI alone, and their last use in token-use.json, written by the
 * bot alone, so the two never write one file. The stamp is the file's modification time, inode and size: every write
 * renames a new file into place, so even two writes within one clock tick change it.
 */
export function fileTokenRegistry(dataDir: string): TokenRegistry {
  return {
    async stamp() {
      try {
        const s = await stat(tokensPath(dataDir));
        return `${s.mtimeMs}:${s.ino}:${s.size}`;
      } catch (error) {
        if (isNotFound(error)) return 'none';
        throw error;
      }
    },
    async list() {
      const [file, use] = await Promise.all([readTokens(dataDir), readTokenUse(dataDir)]);
      return file.tokens.map((t) => (use.lastUsed[t.name] ? { ...t, lastUsedAt: use.lastUsed[t.name] } : t));
    },
    async create(token) {
      await mkdir(dataDir, { recursive: true });
      return withTokensLock(dataDir, async () => {
        const file = await readTokens(dataDir);
        if (file.tokens.some((t) => t.name === token.name)) return false;
        await writeTokens(dataDir, { ...file, tokens: [...file.tokens, token] });
        return true;
      });
    },
    revoke(name, at) {
      return withTokensLock(dataDir, async () => {
        const file = await readTokens(dataDir);
        const token = file.tokens.find((t) => t.name === name);
        if (!token) return { kind: 'unknown' as const };
        if (token.revokedAt) return { kind: 'already' as const, at: token.revokedAt };
        await writeTokens(dataDir, { ...file, tokens: file.tokens.map((t) => (t.name === name ? { ...t, revokedAt: at } : t)) });
        return { kind: 'revoked' as const };
      });
    },
    async recordUse(lastUsed) {
      // An unreadable use file is replaced rather than kept: it holds nothing but these times.
      const current = await readTokenUse(dataDir).catch(() => ({ schemaVersion: 1 as const, lastUsed: {} as Record<string, string> }));
      const merged = { ...current.lastUsed };
      for (const [name, at] of lastUsed) if (!merged[name] || Date.parse(merged[name]) < Date.parse(at)) merged[name] = at;
      await writeTokenUse(dataDir, { schemaVersion: 1, lastUsed: merged });
    },
  };
}
