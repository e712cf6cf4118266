import type { NextFunction, Request, Response } from 'express';
import type { Core, TokenIdentity } from '../../src/index.js';
import { problem, sendProblem } from './problem.js';

/** Failed attempts allowed per source address in a window; more are answered 429 until it passes. */
const MAX_FAILURES = 10;
const WINDOW_MS = 60_000;
const TRACKED = 10_000;

export interface Authed {
  token: TokenIdentity;
}

/**
 * Bearer tokens, checked by the core's token authority. A missing, unknown or revoked token is a 401 and nothing
 * happens; an address that keeps failing is slowed down with 429s, so tokens cannot be guessed at speed.
 */
export function authenticate(core: Core) {
  const failures = new Map<string, { count: number; since: number }>();
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // req.ip is the socket's address unless TRUST_PROXY names the proxy in front, then the client's.
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    const seen = failures.get(address);
    if (seen && now - seen.since > WINDOW_MS) failures.delete(address);
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match ? await core.pipelines.tokens.verify(match[1]) : undefined;
    // A valid token always passes: pipelines behind one NAT address must not lock each other out.
    const current = failures.get(address);
    if (!token && current && current.count >= MAX_FAILURES) {
      res.setHeader('Retry-After', String(Math.ceil((current.since + WINDOW_MS - now) / 1000)));
      return sendProblem(res, problem(429, 'Too many failed authentications from this address; wait before trying again.'));
    }
    if (!token) {
      core.logger.warn('API authentication failed', { address, presented: match ? 'unknown or revoked token' : 'no bearer token', path: req.originalUrl.split('?')[0] });
      if (failures.size >= TRACKED) failures.clear();
      const entry = failures.get(address) ?? { count: 0, since: now };
      entry.count++;
      failures.set(address, entry);
      res.setHeader('WWW-Authenticate', 'Bearer realm="release-bot"');
      return sendProblem(res, problem(401, match ? 'The token is unknown or revoked.' : 'Send a token: "Authorization: Bearer <token>" (create one with "npm run token -- create <name>").'));
    }
    (res.locals as Partial<Authed>).token = token;
    next();
  };
}

export function tokenOf(res: Response): TokenIdentity {
  const token = (res.locals as Partial<Authed>).token;
  if (!token) throw new Error('no token on an authenticated request');
  return token;
}
