import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import type { Logger, Readiness } from '../../src/index.js';
import type { PrometheusTelemetry } from './prometheus-telemetry.js';

export const METRICS_PATH = '/metrics';
export const READY_PATH = '/readyz';

export interface OpsContext {
  /** Readiness as the core sees it (store, scheduler); the composition root adds its own start and stop. */
  readiness: () => Promise<Readiness>;
  metrics: PrometheusTelemetry;
  /** METRICS_TOKEN: /metrics wants it as a bearer token; open when undefined. */
  metricsToken?: string;
  logger: Logger;
}

/** Equal hashes, compared in constant time: neither the token's content nor its length leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerOf(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/**
 * The operator's endpoints beside /healthz (liveness): GET /readyz (200 only when the bot can do its work, else 503
 * with the reason) and GET /metrics (Prometheus text format, behind METRICS_TOKEN when it is set).
 */
export function mountOps(app: Express, ctx: OpsContext): void {
  app.get(READY_PATH, async (_req: Request, res: Response) => {
    const state = await ctx.readiness().catch((err: unknown): Readiness => ({ ready: false, reason: err instanceof Error ? err.message : String(err) }));
    res.setHeader('Cache-Control', 'no-store');
    res.status(state.ready ? 200 : 503).json(state);
  });

  app.get(METRICS_PATH, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (ctx.metricsToken !== undefined) {
      const given = bearerOf(req);
      if (given === undefined || !sameToken(given, ctx.metricsToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return void res.status(401).type('text/plain').send('A bearer token (METRICS_TOKEN) is required for /metrics.\n');
      }
    }
    try {
      const { contentType, body } = await ctx.metrics.scrape();
      res.status(200).type(contentType).send(body);
    } catch (err) {
      ctx.logger.error('metrics: the scrape failed', { err });
      res.status(500).type('text/plain').send('The metrics could not be collected; the log says why.\n');
    }
  });
}
