import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isTerminal, type Logger, type Release, type ReleaseStatus, type Telemetry } from '../../src/index.js';

/** Every metric of the bot starts with this; process metrics keep prom-client's standard names. */
export const METRIC_PREFIX = 'releasebot_';

/** Statuses a release has while it is active: each gets a gauge value, 0 included, so an alert never sees a gap. */
const ACTIVE_STATUSES: readonly ReleaseStatus[] = ['planned', 'in_progress', 'deployed', 'els'];
const REMINDER_KINDS = ['communication', 'els_checkin', 'els_exit_review', 'close_nudge', 'deploy_nudge', 'correction', 'step_overdue', 'step_escalation'] as const;

/** Seconds. Slack wants an ack within 3 s; most should be a few milliseconds. */
export const CLICK_ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Seconds. A lowdb write rewrites the hot file and syncs it: milliseconds normally, longer under a big batch. */
export const STORE_WRITE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds. One tick is 1 s by default and 60 s still counts as on time; REMINDER_MAX_LATENESS is 12 h by default. */
export const REMINDER_LATENESS_BUCKETS = [1, 2, 5, 10, 30, 60, 300, 900, 3600, 14_400, 43_200];

/**
 * Process metrics describe the process, not one bot: registered once per process (tests start many bots in one),
 * so their collectors (a GC observer, the event-loop monitor) are not started again for every bot.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface PrometheusTelemetry {
  /** What the core and the surfaces report to. */
  telemetry: Telemetry;
  /** The active-releases gauge reads this at every scrape (the core exists only after the telemetry is handed to it). */
  readActiveReleasesFrom(read: () => Promise<Release[]>): void;
  /** The bot's metrics and the process metrics, in the Prometheus text format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** A telemetry call must never break the work it reports on. */
function safe<A>(logger: Logger, name: string, record: (a: A) => void): (a: A) => void {
  return (a) => {
    try {
      record(a);
    } catch (err) {
      logger.warn('telemetry: could not record a metric', { metric: name, err });
    }
  };
}

/** The telemetry port on a prom-client registry of its own. */
export function createPrometheusTelemetry(logger: Logger): PrometheusTelemetry {
  const registry = new Registry();
  const registers = [registry];
  const name = (n: string) => `${METRIC_PREFIX}${n}`;

  const actions = new Counter({
    name: name('actions_total'),
    help: 'Intents handled by the dispatcher, by surface (console, slack, teams, api), intent kind and outcome kind.',
    labelNames: ['surface', 'kind', 'outcome'] as const,
    registers,
  });
  const refusals = new Counter({
    name: name('refusals_total'),
    help: 'Actions refused by the rules, by surface and refusal code (not_found, closed, forbidden, invalid, conflict).',
    labelNames: ['surface', 'code'] as const,
    registers,
  });
  const remindersSent = new Counter({ name: name('reminders_sent_total'), help: 'Reminders delivered to their surface, by reminder kind.', labelNames: ['kind'] as const, registers });
  const remindersLate = new Counter({
    name: name('reminders_late_total'),
    help: 'Reminders delivered more than 60 s after they were due (a subset of reminders_sent_total), by reminder kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const remindersMissed = new Counter({
    name: name('reminders_missed_total'),
    help: 'Reminders not sent because they came due longer than REMINDER_MAX_LATENESS ago (the bot was down), by reminder kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const remindersFailed = new Counter({
    name: name('reminders_failed_total'),
    help: 'Failed reminder sends, by reminder kind; gave_up="true" for the last allowed try (REMINDER_MAX_ATTEMPTS), after which the reminder is not sent.',
    labelNames: ['kind', 'gave_up'] as const,
    registers,
  });
  const lateness = new Histogram({
    name: name('reminder_lateness_seconds'),
    help: 'How long after its due time each reminder was delivered (reminders already past due when planned are left out).',
    buckets: REMINDER_LATENESS_BUCKETS,
    registers,
  });
  const storeWrites = new Histogram({
    name: name('store_write_duration_seconds'),
    help: 'Release store writes (create, update, archive) as their callers wait for them: queue, batch and durable write.',
    labelNames: ['op'] as const,
    buckets: STORE_WRITE_BUCKETS,
    registers,
  });
  const storeFailures = new Counter({
    name: name('store_write_failures_total'),
    help: 'Release store writes that failed (not refusals by the rules), by operation.',
    labelNames: ['op'] as const,
    registers,
  });
  const clickAck = new Histogram({
    name: name('click_ack_duration_seconds'),
    help: 'Button clicks, from the surface getting them to acknowledging them to the platform, by surface.',
    labelNames: ['surface'] as const,
    buckets: CLICK_ACK_BUCKETS,
    registers,
  });

  let readActive: (() => Promise<Release[]>) | undefined;
  new Gauge({
    name: name('active_releases'),
    help: 'Releases not yet closed or cancelled, by status, read from the store at scrape time.',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      this.reset();
      if (!readActive) return;
      let releases: Release[];
      try {
        releases = await readActive();
      } catch (err) {
        // Left empty rather than failing the whole scrape: the other metrics still tell what is going on.
        logger.warn('metrics: could not read the active releases', { err });
        return;
      }
      for (const status of ACTIVE_STATUSES) this.set({ status }, 0);
      for (const r of releases) if (!isTerminal(r.status)) this.inc({ status: r.status });
    },
  });

  // Reminder series exist from the start at 0, so rate() and increase() alerts see the first one.
  for (const kind of REMINDER_KINDS) {
    remindersSent.inc({ kind }, 0);
    remindersLate.inc({ kind }, 0);
    remindersMissed.inc({ kind }, 0);
    remindersFailed.inc({ kind, gave_up: 'false' }, 0);
    remindersFailed.inc({ kind, gave_up: 'true' }, 0);
  }
  for (const op of ['create', 'update', 'archive']) storeFailures.inc({ op }, 0);

  const telemetry: Telemetry = {
    action: safe(logger, 'actions', (a) => actions.inc({ surface: a.surface, kind: a.kind, outcome: a.outcome })),
    refusal: safe(logger, 'refusals', (r) => refusals.inc({ surface: r.surface, code: r.code })),
    reminderSent: safe(logger, 'reminders_sent', (r) => {
      remindersSent.inc({ kind: r.kind });
      if (r.late) remindersLate.inc({ kind: r.kind });
      if (r.latenessMs !== undefined) lateness.observe(r.latenessMs / 1000);
    }),
    reminderMissed: safe(logger, 'reminders_missed', (r) => remindersMissed.inc({ kind: r.kind })),
    reminderFailed: safe(logger, 'reminders_failed', (r) => remindersFailed.inc({ kind: r.kind, gave_up: String(r.gaveUp) })),
    storeWrite: safe(logger, 'store_write', (w) => {
      storeWrites.observe({ op: w.op }, w.durationMs / 1000);
      if (w.failed) storeFailures.inc({ op: w.op });
    }),
    clickAcked: safe(logger, 'click_ack', (c) => clickAck.observe({ surface: c.surface }, c.durationMs / 1000)),
  };

  return {
    telemetry,
    readActiveReleasesFrom(read) {
      readActive = read;
    },
    async scrape() {
      const merged = Registry.merge([processMetrics(), registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
