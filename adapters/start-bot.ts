import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { readConfig, createLogger, consoleModeLogger, withLogContext, startCore, systemClock, type Clock, type Config, type Core, type Logger, type ReleaseStore, type Surface } from '../src/index.js';
import type { RunningSurface, SurfaceContext } from './surface.js';
import { startConsole } from './console/start-console.js';
import { httpErrors, notFound } from './http-errors.js';
import { mountApi } from './api/start-api.js';
import type { FindPlace } from './api/api-routes.js';
import { createPrometheusTelemetry } from './ops/prometheus-telemetry.js';
import { mountOps } from './ops/mount-ops.js';

export interface BotIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  user?: string;
}

export interface RunningBot {
  /** The HTTP port, or 0 when no HTTP surface is configured (console only). */
  port: number;
  config: Config;
  core: Core;
  /** The core's reads, for tests that check what was stored. */
  service: Core['service'];
  /** The store itself, for tests that set up what a surface could never do (a lost message id). */
  store: ReleaseStore;
  /** Resolves when the console's input ends; never for HTTP-only bots. */
  consoleClosed: Promise<void>;
  /** One line per enabled HTTP-facing surface, with its URL or mode, for `npm start` to print. */
  startupLines: string[];
  stop(): Promise<void>;
}

function listen(app: express.Express, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

/**
 * The composition root: config, the core, the surfaces, the scheduler. End-to-end tests call it in-process;
 * adapters/main.ts calls it with process.env. Slack and Teams are imported only when configured, so the console
 * starts without loading either SDK.
 */
export async function startBot(
  env: Record<string, string | undefined>,
  opts: { io?: BotIo; clock?: Clock; logger?: Logger } = {},
): Promise<RunningBot> {
  const config = readConfig(env);
  // The console chat keeps its terminal for the conversation: its logs go to a file in DATA_DIR.
  const consoleMode = !config.slack && !config.teams;
  const fileLog = !opts.logger && consoleMode ? consoleModeLogger(config.logLevel, config.dataDir, Boolean(process.stderr.isTTY)) : undefined;
  const logger = opts.logger ?? fileLog?.logger ?? createLogger(config.logLevel);
  const metrics = createPrometheusTelemetry(logger);
  const core = await startCore(config, { logger, clock: opts.clock ?? systemClock, telemetry: metrics.telemetry });
  metrics.readActiveReleasesFrom(() => core.service.listActive());
  // Set first thing in stop(), so /readyz turns 503 while the surfaces finish and before the server closes.
  let shuttingDown = false;
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer the socket's address is the proxy's: the API's failed-login throttle needs the caller's.
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  // Every line logged while a request is handled carries its id; a caller's own X-Request-Id is kept when sane.
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    withLogContext({ requestId }, next);
  });
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ ok: true });
  });
  mountOps(app, {
    readiness: async () => (shuttingDown ? { ready: false, reason: 'shutting down' } : core.readiness()),
    metrics,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    logger,
  });
  const ctx: SurfaceContext = { core, http: app };

  const surfaces: RunningSurface[] = [];
  let consoleClosed: Promise<void> = new Promise(() => {});
  try {
    if (config.slack) surfaces.push(await (await import('./slack/start-slack.js')).startSlack(ctx));
    if (config.teams) surfaces.push(await (await import('./teams/start-teams.js')).startTeams(ctx));
    if (!config.slack && !config.teams) {
      const io: BotIo = opts.io ?? { input: process.stdin, output: process.stdout };
      const consoleSurface = await startConsole({ core }, { ...io, user: io.user ?? config.consoleUser, ...(fileLog ? { logFile: fileLog.file } : {}) });
      consoleClosed = consoleSurface.closed;
      surfaces.push(consoleSurface);
    }
  } catch (error) {
    await Promise.allSettled(surfaces.map((s) => s.stop()));
    await core.close();
    throw error;
  }

  // Each surface answers for its own places; a `where` no running surface knows is refused.
  const findPlace: FindPlace = async (where) => {
    for (const s of surfaces) {
      const found = await s.findPlace?.(where);
      if (found) return found;
    }
    return { refused: where.slack ? 'Slack is not configured on this bot.' : 'Teams is not configured on this bot.' };
  };
  mountApi(app, { core, findPlace });
  app.use(notFound);
  app.use(httpErrors(logger));
  // Slack in Socket Mode needs no public endpoint, but the API and the probes are still served on PORT.
  const httpSurfaces = Boolean(config.slack || config.teams || config.apiEnabled);
  const server = httpSurfaces ? await listen(app, config.port) : undefined;
  const port = server ? (server.address() as AddressInfo).port : 0;
  if (server) logger.info('HTTP server listening', { port, surfaces: surfaces.map((s) => s.name) });
  const base = `http://localhost:${port}`;
  const startupLines = [
    ...(config.slack ? [config.slack.appToken ? 'Slack: Socket Mode (no public URL needed)' : `Slack: events at ${base}/slack/events`] : []),
    ...(config.teams ? [`Teams: messages at ${base}/api/messages${config.teams.anonymous ? ' (anonymous: local testing only)' : ''}`] : []),
    ...(server ? [`Pipeline API: ${base}/api/v1 (OpenAPI at ${base}/api/v1/openapi.json)`] : []),
  ];

  const senders = new Map<Surface, RunningSurface['sender']>(surfaces.map((s) => [s.name, s.sender]));
  // Releases a pipeline started without a channel live in the API; their reminders go to the console when it runs.
  const consoleSender = senders.get('console');
  if (consoleSender) senders.set('api', consoleSender);
  core.startScheduler((surface) => senders.get(surface));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      shuttingDown = true;
      // Several instances behind a proxy: keep serving while its /readyz checks notice, so no request meets a closed port.
      if (config.shutdownDrainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      await core.notifier.idle();
      await Promise.allSettled(surfaces.map((s) => s.stop()));
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      server?.closeAllConnections();
      await core.close();
    })());
  return { port, config, core, service: core.service, store: core.store, consoleClosed, startupLines, stop };
}
