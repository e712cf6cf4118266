import { teamsPlaceFinder } from './find-teams-place.js';
import express from 'express';
import { CloudAdapter, type Request as AgentsRequest } from '@microsoft/agents-hosting';
import { reportUnexpected } from '../../src/index.js';
import type { RunningSurface, SurfaceContext } from '../surface.js';
import { authConfigFor } from './auth-config.js';
import { incomingActivitySchema } from './incoming-activity.js';
import { ReleasePublisher } from './release-publisher.js';
import { TeamsConnector, type BotIdentity } from './teams-connector.js';
import { handleTurn, type TeamsDeps } from './teams-turn.js';
import { TeamsRoster } from './teams-roster.js';

export const TEAMS_PATH = '/api/messages';

/**
 * Serves Microsoft Teams at POST /api/messages on the shared HTTP app (the composition root listens).
 * With credentials every request must carry a valid Bot Framework JWT; without them it runs only in
 * anonymous mode, which readConfig allows only when asked for and never under NODE_ENV=production.
 */
export async function startTeams(ctx: SurfaceContext): Promise<RunningSurface> {
  const { core } = ctx;
  const { config, logger } = core;
  const teams = config.teams;
  if (!teams) throw new Error('startTeams needs config.teams: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD');
  if (!ctx.http) throw new Error('startTeams needs the shared HTTP app (SurfaceContext.http)');
  if (teams.anonymous && config.nodeEnv === 'production') throw new Error('Anonymous Teams is refused under NODE_ENV=production');
  if (teams.anonymous) {
    logger.warn('!!! TEAMS RUNS IN ANONYMOUS MODE: /api/messages accepts UNAUTHENTICATED requests. For local tests against a fake connector or emulator only. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD for real use. !!!', { path: TEAMS_PATH });
  }

  const adapter = new CloudAdapter(authConfigFor(teams));
  adapter.onTurnError = async (_context, error) => {
    reportUnexpected(error, logger, { surface: 'teams', where: 'turn (unhandled)' });
  };
  // Anonymous: an identity without audience makes the SDK call the connector without a token.
  const identity: BotIdentity = teams.appId ?? { name: 'anonymous' };
  const connector = new TeamsConnector(adapter, identity, logger);
  const publisher = new ReleasePublisher({ service: core.service, connector, timeZone: config.timeZone, logger, renders: core.ledgers.renders });
  const unsubscribe = core.notifier.subscribe(publisher.onChange);
  const deps: TeamsDeps = { core, publisher, roster: new TeamsRoster(connector, logger), timeZone: config.timeZone };
  let stopped = false;

  ctx.http.post(
    TEAMS_PATH,
    express.json({ limit: '1mb' }),
    (req, res, next) => void adapter.authorizeRequest(req as unknown as AgentsRequest, res, next),
    async (req, res) => {
      if (stopped) return void res.status(503).json({ error: 'Release Bot is shutting down' });
      const parsed = incomingActivitySchema.safeParse(req.body);
      if (!parsed.success) {
        logger.warn('Rejected a malformed Teams activity', { issues: parsed.error.issues.slice(0, 5) });
        return void res.status(400).json({ error: 'Not a Bot Framework activity', issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
      }
      try {
        await adapter.process(req as unknown as AgentsRequest, res, (context) => handleTurn(deps, context, parsed.data));
      } catch (error) {
        reportUnexpected(error, logger, { surface: 'teams', where: 'request' });
        if (!res.headersSent) res.status(500).end();
      }
    },
  );
  logger.info('Teams endpoint ready', { path: TEAMS_PATH, auth: teams.anonymous ? 'anonymous' : 'jwt', appType: teams.appType });

  return {
    name: 'teams',
    sender: publisher,
    findPlace: teamsPlaceFinder(core.service),
    async stop() {
      stopped = true;
      unsubscribe();
      await publisher.idle();
    },
  };
}
