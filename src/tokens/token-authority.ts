import { stat } from 'node:fs/promises';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logging/logger.js';
import { hashToken, sameHash } from './hash-token.js';
import { readTokens, readTokenUse, tokensPath, writeTokenUse, type TokenRecord, type TokenScope } from './token-file.js';

export interface TokenIdentity {
  name: string;
  scope?: TokenScope;
}

export interface TokenAuthority {
  /** The token's name and scope, or undefined for a missing, unknown or revoked token. */
  verify(presented: string | undefined): Promise<TokenIdentity | undefined>;
  /** Writes the last-use times still in memory. */
  flush(): Promise<void>;
}

/** How long a read of tokens.json is trusted: the token CLI's changes take effect within this (the contract says 2 s). */
const RELOAD_MS = 1000;
const USE_FLUSH_MS = 10_000;

/**
 * The running bot's view of DATA_DIR/tokens.json, which only the token CLI writes. It is read again when its
 * modification time changed, checked at most once a second, so a token created or revoked while the bot runs counts
 * within two seconds. A presented token is hashed and compared with every stored hash in constant time. Last use is
 * kept in memory and written to token-use.json now and then, never to tokens.json.
 */
export function createTokenAuthority(opts: { dataDir: string; clock: Clock; logger: Logger }): TokenAuthority {
  let tokens: TokenRecord[] = [];
  let loadedMtime = -1;
  let checkedAt = 0;
  let loading: Promise<void> | undefined;
  const used = new Map<string, string>();
  let flushTimer: NodeJS.Timeout | undefined;

  async function refresh(): Promise<void> {
    const now = Date.now();
    if (now - checkedAt < RELOAD_MS) return;
    checkedAt = now;
    const mtime = await stat(tokensPath(opts.dataDir)).then((s) => s.mtimeMs, () => 0);
    if (mtime === loadedMtime) return;
    try {
      tokens = (await readTokens(opts.dataDir)).tokens;
      loadedMtime = mtime;
    } catch (err) {
      // A broken file must not lock every pipeline out silently, nor let revoked tokens back in: keep the last good list.
      opts.logger.error('tokens.json could not be read; keeping the tokens read before', { err });
    }
  }

  async function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (!used.size) return;
    const current = await readTokenUse(opts.dataDir).catch(() => ({ schemaVersion: 1 as const, lastUsed: {} }));
    const lastUsed = { ...current.lastUsed, ...Object.fromEntries(used) };
    used.clear();
    await writeTokenUse(opts.dataDir, { schemaVersion: 1, lastUsed }).catch((err: unknown) => opts.logger.warn('could not record when tokens were last used', { err }));
  }

  return {
    async verify(presented) {
      if (!presented) return undefined;
      loading ??= refresh().finally(() => {
        loading = undefined;
      });
      await loading;
      const hash = hashToken(presented);
      let found: TokenRecord | undefined;
      for (const t of tokens) if (sameHash(t.hash, hash)) found = t;
      if (!found || found.revokedAt) return undefined;
      used.set(found.name, opts.clock.now().toISOString());
      flushTimer ??= setTimeout(() => void flush(), USE_FLUSH_MS);
      flushTimer.unref?.();
      return { name: found.name, ...(found.scope ? { scope: found.scope } : {}) };
    },
    flush,
  };
}
