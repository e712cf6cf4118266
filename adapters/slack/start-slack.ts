import { App, ExpressReceiver, LogLevel, webApi } from '@slack/bolt';
import { ConfigError, reportUnexpected } from '../../src/index.js';
import type { RunningSurface, SurfaceContext } from '../surface.js';
import { boltLogger } from './bolt-logger.js';
import { registerListeners } from './listeners/index.js';
import { ReleasePublisher } from './release-publisher.js';
import { PendingAnswers } from './pending-answers.js';
import { SliceQueue } from './slice-queue.js';
import { followChanges } from './follow-changes.js';
import { SlackDirectory } from './slack-directory.js';
import { payloadErrors, slackGuard } from './http-guard.js';
import { slackReminderSender } from './slack-reminder-sender.js';
import { slackPlaceFinder } from './find-slack-place.js';
import type { SlackDeps } from './slack-deps.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The WebClient retries failed calls with backoff and honours Retry-After on 429 (it pauses its queue meanwhile).
 * Bounded, so a rate-limit storm ends in a logged failure instead of a queue that never drains; the per-message
 * coalescer re-renders the latest state on the next change anyway.
 */
const RETRY_CONFIG = { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5000, randomize: true };
const REQUEST_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5000;

/**
 * Why the start failed, in words a person can act on: a Web API that cannot be reached (SLACK_API_URL, the network)
 * is not a token Slack refused. The token itself is never part of the message.
 */
function startError(error: unknown, apiUrl: string): ConfigError {
  const e = error as { code?: string; data?: { error?: string }; original?: Error & { cause?: Error }; message?: string };
  if (e.code === webApi.ErrorCode.PlatformError) {
    return new ConfigError(`Slack refused the bot token (auth.test: ${e.data?.error}). Check SLACK_BOT_TOKEN: the app's Bot User OAuth Token (xoxb-…) from "OAuth & Permissions", after installing the app.`);
  }
  const cause = e.code === webApi.ErrorCode.HTTPError ? 'it does not answer as the Slack Web API' : (e.original?.cause?.message ?? e.original?.message ?? e.message);
  return new ConfigError(`Cannot reach the Slack Web API at ${apiUrl} (auth.test: ${cause}). Check SLACK_API_URL (unset means https://slack.com/api/) and the network.`);
}

/**
 * Starts the Slack surface: over HTTP on the shared express app at POST /slack/events (the composition root
 * listens), or over Socket Mode when an app-level token is configured.
 */
export async function startSlack(ctx: SurfaceContext): Promise<RunningSurface> {
  const { core } = ctx;
  const { config } = core;
  const slack = config.slack;
  if (!slack) throw new Error('startSlack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  const logger = boltLogger(core.logger, config.logLevel);
  const apiUrl = slack.apiUrl ? slack.apiUrl.replace(/\/?$/, '/') : 'https://slack.com/api/';
  const clientOptions = { slackApiUrl: apiUrl, retryConfig: RETRY_CONFIG, timeout: REQUEST_TIMEOUT_MS };
  // The API URL and the bot token are checked first, once and without retries, so either stops the start at once.
  const auth = await new webApi.WebClient(slack.botToken, { ...clientOptions, retryConfig: { retries: 0 }, logger }).auth.test().catch((error: unknown) => {
    throw startError(error, apiUrl);
  });
  // Bolt is told who the bot is, so it asks no auth.test of its own. No conversation store: the app keeps no
  // per-conversation state, and the middleware would run on every request.
  const common = { token: slack.botToken, botId: auth.bot_id, botUserId: auth.user_id, logger, logLevel: config.logLevel as LogLevel, clientOptions, convoStore: false as const };
  let app: App;
  if (slack.appToken) {
    app = new App({ ...common, appToken: slack.appToken, socketMode: true });
  } else {
    if (!ctx.http) throw new Error('Slack over HTTP needs the shared express app (SurfaceContext.http)');
    ctx.http.post(SLACK_EVENTS_PATH, slackGuard);
    const receiver = new ExpressReceiver({
      signingSecret: slack.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      // Acknowledge at once; the work runs after ack(), well within Slack's 3 seconds.
      processBeforeResponse: false,
      signatureVerification: true,
      app: ctx.http,
      logger,
      processEventErrorHandler: payloadErrors(core.logger),
    });
    app = new App({ ...common, receiver });
  }
  const workspaceUrl = auth.url;

  // Message upkeep (thread posts, chat.update, reminders) gets its own client: on a 429 a WebClient pauses its whole
  // queue for Retry-After, and a rate-limited chat.update must not hold back views.open, whose trigger expires in 3 s.
  const upkeep = new webApi.WebClient(slack.botToken, { ...clientOptions, logger });
  const slices = new SliceQueue();
  const deps: SlackDeps = {
    core,
    client: app.client,
    publisher: new ReleasePublisher(upkeep, core.service, config.timeZone, core.logger, slices, core.ledgers.renders),
    pending: new PendingAnswers(),
    directory: new SlackDirectory(app.client, core.logger),
    timeZone: config.timeZone,
    logger: core.logger,
    ...(workspaceUrl ? { workspaceUrl } : {}),
  };
  registerListeners(app, deps);
  const unsubscribe = core.notifier.subscribe(followChanges(deps, upkeep, slices));
  app.error(async (error) => {
    reportUnexpected(error, core.logger, { surface: 'slack', where: 'a Slack listener' });
  });
  if (slack.appToken) await app.start();
  core.logger.info('Slack surface started', { mode: slack.appToken ? 'socket' : 'http', path: slack.appToken ? undefined : SLACK_EVENTS_PATH });

  return {
    name: 'slack',
    sender: slackReminderSender(upkeep, core.service, config.timeZone),
    findPlace: slackPlaceFinder(app.client, (auth.is_enterprise_install && auth.enterprise_id) || auth.team_id),
    async stop() {
      unsubscribe();
      await Promise.race([deps.publisher.idle(), new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
      if (slack.appToken) await app.stop();
    },
  };
}
