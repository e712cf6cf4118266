import type { Config } from './config/config.js';
import type { Clock } from './domain/clock.js';
import type { Surface } from './domain/release-schema.js';
import type { Logger } from './logging/logger.js';
import { loadCatalog } from './models/load-catalog.js';
import { openStores } from './storage/open-stores.js';
import { TtlCache } from './interaction/ttl-cache.js';
import type { RoleHolders } from './domain/gates.js';
import type { DeliveryLedger } from './storage/delivery-ledger.js';
import type { RenderLedger } from './storage/render-ledger.js';
import { createReminderJobs, type ReminderJobs } from './storage/postgres/reminder-jobs.js';
import { PgReleaseStore } from './storage/postgres/pg-release-store.js';
import type { ReleaseStore } from './storage/release-store.js';
import { createReleaseService } from './app/create-release-service.js';
import type { ReleaseService } from './app/release-service.js';
import { createReportService } from './report/create-report-service.js';
import type { ReportService } from './report/report-service.js';
import { createReminderScheduler, type ReminderScheduler } from './scheduler/create-reminder-scheduler.js';
import type { ReminderSender } from './scheduler/reminder-message.js';
import { ChangeNotifier } from './interaction/change-notifier.js';
import { createDispatcher, type Dispatcher } from './interaction/create-dispatcher.js';
import { placeKey } from './interaction/place-key.js';
import { createDigestScheduler, type DigestScheduler } from './digest/create-digest-scheduler.js';
import type { Release } from './domain/release-schema.js';
import { createTokenAuthority, type TokenAuthority } from './tokens/token-authority.js';
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
  /**
   * What must hold across instances besides releases: delivery keys already handled, and the revision each chat
   * message was last drawn from (compare-and-set before an update). In memory on lowdb, in the database on PostgreSQL.
   */
  ledgers: { deliveries: DeliveryLedger; renders: RenderLedger };
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

/**
 * A 'sending' claim older than this is taken to be abandoned (its instance died, or its sent mark was never written),
 * and a job wakes the release then. Long enough for one release's claimed reminders sent one after another at the
 * 15 s send timeout each.
 */
const CLAIM_LEASE_MS = 120_000;
/** How stale the roles a reminder names may be on PostgreSQL: a change made on any instance shows within this. */
const ROLES_TTL_MS = 5_000;

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
  // PostgreSQL: reminders are pg-boss jobs, planned in the same transaction as the release write that makes them due.
  const jobs = config.databaseUrl ? createReminderJobs({ databaseUrl: config.databaseUrl, logger, clock, claimLeaseMs: CLAIM_LEASE_MS }) : undefined;
  const stores = await openStores({ dataDir: config.dataDir, logger, clock, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), ...(jobs ? { afterWrite: jobs.afterWrite } : {}) });
  try {
    await jobs?.open();
  } catch (error) {
    await stores.close();
    throw error;
  }
  const { places, answers } = stores;
  // Every write is timed as its caller waits for it, whoever the caller is (use cases, scheduler, digests), and
  // reported to the scheduler's next-due index: so every one of them must be given this same store.
  const store = watchReleaseChanges(timeStoreWrites(stores.releases, telemetry), logger);
  const service = createReleaseService({ store, catalog, clock, timeZone: config.timeZone, logger, deployNudgeAfterMs: config.report.onTimeToleranceMs, stepEscalateAfterMs: config.reminders.stepEscalateAfterMs });
  const reports = createReportService({ store, clock, timeZone: config.timeZone, report: config.report, freezeWindows: catalog.freezeWindows });
  const notifier = new ChangeNotifier(logger);
  const tokens = createTokenAuthority({ registry: stores.tokens, clock, logger });
  const dispatcher = createDispatcher({ service, reports, notifier, logger, places, clock, timeZone: config.timeZone, telemetry, ...(config.digestAt ? { digestAt: config.digestAt } : {}) });
  let scheduler: ReminderScheduler | undefined;
  let digests: DigestScheduler | undefined;
  let schedulerStartedAt = 0;
  let closing = false;
  let jobsWorking = false;

  /** Plans the jobs of releases that have none yet (a store moved from lowdb, jobs lost with a restored backup), then works. */
  async function startJobs(queue: ReminderJobs, reminders: ReminderScheduler): Promise<void> {
    for (let attempt = 1; !closing; attempt += 1) {
      try {
        const planned = await queue.reconcile(await store.listActive());
        if (planned > 0) logger.info('planned reminder jobs that were missing', { planned });
        const rows = stores.releases instanceof PgReleaseStore ? stores.releases : undefined;
        await queue.work({ run: (id) => reminders.runRelease(id), ...(rows ? { warm: (ids: string[]) => rows.warm(ids) } : {}) });
        jobsWorking = true;
        return;
      } catch (error) {
        // Not ready meanwhile (readiness says why), so a proxy sends nothing here while reminders would not go out.
        logger.error('the reminder job queue did not start; trying again', { error, attempt });
        // unref: a wait for the next try must not keep a stopping process alive.
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** attempt)).unref());
      }
    }
  }
  return {
    config,
    logger,
    clock,
    dispatcher,
    notifier,
    service,
    reports,
    pipelines: { tokens, answers },
    ledgers: { deliveries: stores.deliveries, renders: stores.renders },
    store,
    startScheduler(senderFor) {
      const readRoles = async (release: Release) => (await places.get(placeKey(release.location))).roles;
      // On PostgreSQL a burst of due reminders in one channel reads its roles once per few seconds, not once each.
      const roles = jobs ? new TtlCache<RoleHolders>(ROLES_TTL_MS) : undefined;
      const rolesFor = roles ? (release: Release) => roles.get(placeKey(release.location), () => readRoles(release)) : readRoles;
      schedulerStartedAt = Date.now();
      const base = { store, clock, senderFor, rolesFor, timeZone: config.timeZone, ...config.reminders, logger, telemetry };
      scheduler = jobs ? createReminderScheduler({ ...base, mode: 'jobs', claimLeaseMs: CLAIM_LEASE_MS }) : createReminderScheduler({ ...base, changes: store.changes });
      scheduler.start();
      if (jobs) void startJobs(jobs, scheduler);
      // Its idle ticks wake on this instance's writes; with several instances, a claim per person and day sends each digest once.
      digests = createDigestScheduler({ store, changes: store.changes, places, clock, timeZone: config.timeZone, ...(config.digestAt ? { at: config.digestAt } : {}), senderFor, rolesFor, logger, tickSeconds: config.reminders.tickSeconds, ...(jobs ? { claimLeaseMs: CLAIM_LEASE_MS } : {}) });
      digests.start();
      return { reminders: scheduler, digests };
    },
    telemetry,
    async readiness() {
      const phase = closing ? 'stopping' : scheduler ? 'running' : 'starting';
      // Before its first tick, the scheduler's start is its heartbeat. With jobs, pg-boss answering is the heartbeat.
      const heartbeatAt = jobs ? (jobsWorking && (await jobs.healthy()) ? Date.now() : schedulerStartedAt) : (scheduler?.lastTick()?.getTime() ?? schedulerStartedAt);
      // Reading an id that is never used is an indexed lookup on either store.
      return checkReadiness({ phase, probe: () => store.get('R-0'), heartbeatAt, tickSeconds: config.reminders.tickSeconds });
    },
    async close() {
      closing = true;
      await jobs?.stop();
      await scheduler?.stop();
      await digests?.stop();
      await tokens.flush();
      await notifier.idle();
      await store.close();
    },
  };
}
