import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logging/logger.js';
import { hashToken, sameHash } from './hash-token.js';
import type { TokenScope } from './token-file.js';
import type { StoredToken, TokenRegistry } from './token-registry.js';

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

/** How long a read of the registry is trusted: the token CLI's changes take effect within this (the contract says 2 s). */
const RELOAD_MS = 1000;
const USE_FLUSH_MS = 10_000;

/**
 * The running bot's view of the tokens, which only the token CLI changes. The registry's stamp is checked at most once
 * a second, and the tokens read again only when it changed, so a token created or revoked while the bot runs (on any
 * instance, with a shared database) counts within two seconds. A presented token is hashed and compared with every
 * stored hash in constant time. Last use is kept in memory and written in one batch now and then.
 */
export function createTokenAuthority(opts: { registry: TokenRegistry; clock: Clock; logger: Logger }): TokenAuthority {
  const { registry, logger } = opts;
  let tokens: StoredToken[] = [];
  let loadedStamp: string | undefined;
  let checkedAt = 0;
  let failing = false;
  let loading: Promise<void> | undefined;
  const used = new Map<string, string>();
  let flushTimer: NodeJS.Timeout | undefined;

  async function refresh(): Promise<void> {
    const now = Date.now();
    if (now - checkedAt < RELOAD_MS) return;
    checkedAt = now;
    try {
      // The stamp is read before the list: a change landing between them leaves the stamp old, so it is read again next time.
      const stamp = await registry.stamp();
      if (stamp !== loadedStamp) {
        tokens = await registry.list();
        loadedStamp = stamp;
      }
      if (failing) logger.info('the tokens can be read again');
      failing = false;
    } catch (err) {
      // A broken file or an unreachable database must not lock every pipeline out, nor let revoked tokens back in:
      // keep the last good list, and say so once, not every second.
      if (!failing) logger.error('the tokens could not be read; keeping the tokens read before', { err });
      failing = true;
    }
  }

  async function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (!used.size) return;
    const batch = new Map(used);
    used.clear();
    try {
      await registry.recordUse(batch);
    } catch (err) {
      logger.warn('could not record when tokens were last used', { err });
      // Kept for the next batch, unless a newer use was noted meanwhile.
      for (const [name, at] of batch) if (!used.has(name)) used.set(name, at);
    }
  }

  return {
    async verify(presented) {
      if (!presented) return undefined;
      loading ??= refresh().finally(() => {
        loading = undefined;
      });
      await loading;
      const hash = hashToken(presented);
      let found: StoredToken | undefined;
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
