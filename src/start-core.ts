import type { Config } from './config/config.js';
import type { Clock } from './domain/clock.js';
import type { Surface } from './domain/release-schema.js';
import type { Logger } from './logging/logger.js';
import { loadCatalog } from './models/load-catalog.js';
import { openLowdbStore } from './storage/open-lowdb-store.js';
import type { ReleaseStore } from './storage/release-store.js';
import { createReleaseService } from './app/create-release-service.js';
import type { ReleaseService } from './app/release-service.js';
import { createReportService } from './report/create-report-service.js';
import type { ReportService } from './report/report-service.js';
import { createReminderScheduler, type ReminderScheduler } from './scheduler/create-reminder-scheduler.js';
import type { ReminderSender } from './scheduler/reminder-message.js';
import { ChangeNotifier } from './interaction/change-notifier.js';
import { createDispatcher, type Dispatcher } from './interaction/create-dispatcher.js';
import { openJsonPlaceStore } from './storage/json-place-store.js';
import { placeKey } from './interaction/place-key.js';
import { createDigestScheduler, type DigestScheduler } from './digest/create-digest-scheduler.js';
import type { Release } from './domain/release-schema.js';
import { createTokenAuthority, type TokenAuthority } from './tokens/token-authority.js';
import { openJsonIdempotencyStore } from './storage/json-idempotency-store.js';
import type { IdempotencyStore } from './storage/idempotency-store.js';
import { noopTelemetry, type Telemetry } from './telemetry/telemetry.js';
import { timeStoreWrites } from './telemetry/timed-store.js';
import { watchReleaseChanges } from './storage/watch-release-changes.js';
import { checkReadiness, type Readiness } from './telemetry/readiness.js';

/** Everything a surface is given: the dispatcher to call, the notifier to listen to, and the reads it renders from. */
export interface Core {
  config: Config;
  logger: Logger;
  clock: Clock;
  dispatcher: Dispatcher;
  notifier: ChangeNotifier;
  /**
   * Reads for rendering, and `setLocation` to record where a surface posted a release. Nothing else: every change
   * goes through the dispatcher, so no surface can skip the reach checks, the rules or the notifier.
   */
  service: ReleaseReads;
  reports: ReportService;
  /** What the pipeline API needs besides the dispatcher: its tokens, and the answers kept under Idempotency-Keys. */
  pipelines: { tokens: TokenAuthority; answers: IdempotencyStore };
  /** Starts sending reminders and the daily digests through the surfaces that are running. */
  startScheduler(senderFor: (surface: Surface) => ReminderSender | undefined): { reminders: ReminderScheduler; digests: DigestScheduler };
  /** Stops the scheduler, lets surfaces finish catching up, and closes the store. */
  close(): Promise<void>;
  /** Where surfaces report what only they see (click-to-ack time); the no-op one when nobody listens. */
  telemetry: Telemetry;
  /** Ready once the scheduler runs, while the store answers and the scheduler keeps ticking; not while closing. */
  readiness(): Promise<Readiness>;
}

/** What surfaces may read of the use cases. */
export type ReleaseReads = Pick<ReleaseService, 'get' | 'view' | 'listActive' | 'questions' | 'models' | 'openStepsFor' | 'setLocation'>;

/**
 * The core's composition root: models, store, use cases, dispatcher and notifier, from typed config. The store is
 * returned beside the core for the composition root and tests; surfaces are handed the core alone.
 */
export async function startCore(config: Config, opts: { logger: Logger; clock: Clock; telemetry?: Telemetry }): Promise<Core & { store: ReleaseStore }> {
  const { logger, clock } = opts;
  const telemetry = opts.telemetry ?? noopTelemetry;
  const catalog = await loadCatalog(config.modelsDir, { timeZone: config.timeZone });
  // Every write is timed as its caller waits for it, whoever the caller is (use cases, scheduler, digests), and
  // reported to the scheduler's next-due index: so every one of them must be given this same store.
  const store = watchReleaseChanges(timeStoreWrites(await openLowdbStore({ dataDir: config.dataDir, logger, clock }), telemetry), logger);
  const service = createReleaseService({ store, catalog, clock, timeZone: config.timeZone, logger, deployNudgeAfterMs: config.report.onTimeToleranceMs, stepEscalateAfterMs: config.reminders.stepEscalateAfterMs });
  const reports = createReportService({ store, clock, timeZone: config.timeZone, report: config.report, freezeWindows: catalog.freezeWindows });
  const notifier = new ChangeNotifier(logger);
  // A corrupt roles file stops startup like a corrupt release file, and leaves the directory's lock free.
  const places = await openJsonPlaceStore(config.dataDir).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const answers = await openJsonIdempotencyStore(config.dataDir, clock).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const tokens = createTokenAuthority({ dataDir: config.dataDir, clock, logger });
  const dispatcher = createDispatcher({ service, reports, notifier, logger, places, clock, timeZone: config.timeZone, telemetry, ...(config.digestAt ? { digestAt: config.digestAt } : {}) });
  let scheduler: ReminderScheduler | undefined;
  let digests: DigestScheduler | undefined;
  let schedulerStartedAt = 0;
  let closing = false;
  return {
    config,
    logger,
    clock,
    dispatcher,
    notifier,
    service,
    reports,
    pipelines: { tokens, answers },
    store,
    startScheduler(senderFor) {
      const rolesFor = async (release: Release) => (await places.get(placeKey(release.location))).roles;
      schedulerStartedAt = Date.now();
      scheduler = createReminderScheduler({ store, changes: store.changes, clock, senderFor, rolesFor, timeZone: config.timeZone, ...config.reminders, logger, telemetry });
      scheduler.start();
      digests = createDigestScheduler({ store, places, clock, timeZone: config.timeZone, ...(config.digestAt ? { at: config.digestAt } : {}), senderFor, rolesFor, logger, tickSeconds: config.reminders.tickSeconds });
      digests.start();
      return { reminders: scheduler, digests };
    },
    telemetry,
    async readiness() {
      const phase = closing ? 'stopping' : scheduler ? 'running' : 'starting';
      // Before its first tick, the scheduler's start is its heartbeat.
      const heartbeatAt = scheduler?.lastTick()?.getTime() ?? schedulerStartedAt;
      return checkReadiness({ phase, store, heartbeatAt, tickSeconds: config.reminders.tickSeconds });
    },
    async close() {
      closing = true;
      await scheduler?.stop();
      await digests?.stop();
      await tokens.flush();
      await notifier.idle();
      await store.close();
    },
  };
}
