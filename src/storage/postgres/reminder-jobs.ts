import PgBoss from 'pg-boss';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import type { Release } from '../../domain/release-schema.js';
import type { Logger } from '../../logging/logger.js';
import type { AfterWrite } from './pg-release-store.js';
import { jobChanges, jobId, wantedJobs, type WantedJob } from './reminder-job-keys.js';

const QUEUE = 'release-reminder';
/**
 * Workers ask for due jobs every half second at best (pg-boss's floor), so a job made available exactly at its
 * reminder's time would wait up to that long. Jobs become available this much earlier instead, and the worker that
 * takes one waits out the rest in memory: the reminder goes out at its time.
 */
const FETCH_AHEAD_MS = 1_000;
/** How far ahead of its reminder a job may be taken: the fetch-ahead plus room for clocks a little apart. */
const MAX_EARLY_MS = 15_000;
const availableFrom = (wake: Date) => new Date(wake.getTime() - FETCH_AHEAD_MS);
/** SQLSTATE of a transaction PostgreSQL aborted to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';
// wakeAt (epoch ms, the time the job was planned for) lets a worker wait out an early wake without reading the release.
const jobData = z.object({ releaseId: z.string().min(1), reminderId: z.string().min(1), wakeAt: z.number().int().nonnegative() }).strict();
type JobData = z.infer<typeof jobData>;

export interface ReminderJobOptions {
  databaseUrl: string;
  logger: Logger;
  clock: Clock;
  /** How often an idle worker asks for due jobs. pg-boss allows 0.5 s at the least. */
  pollSeconds?: number;
  /** Jobs taken per fetch; a full batch fetches again at once. */
  batchSize?: number;
  /** A 'sending' claim older than this is taken over (the scheduler's claimLeaseMs): the sweep runs its release again. */
  claimLeaseMs: number;
  /** How often abandoned claims are looked for (default 15 s). */
  sweepSeconds?: number;
  /** A job still running after this long is given to another worker; the claim lease, not this, covers a dead instance. */
  expireSeconds?: number;
}

export interface ReminderJobs {
  /** Give this to the PostgreSQL release store: it plans and cancels jobs in the transaction of each release write. */
  afterWrite: AfterWrite;
  /** Creates pg-boss's schema (once, whoever starts first) and the queue. Before any release is written. */
  open(): Promise<void>;
  /** Plans the jobs of releases written before their jobs existed (a store moved from lowdb); a job planned twice is stored once. */
  reconcile(releases: readonly Release[]): Promise<number>;
  /** Starts taking due jobs: `run` claims, sends and marks one release's due reminders. */
  work(handlers: {
    run: (releaseId: string) => Promise<unknown>;
    /** Reads a batch's releases ahead in one go, so each job's claim needs no read of its own. */
    warm?: (releaseIds: string[]) => Promise<void>;
  }): Promise<void>;
  /** True while pg-boss answers (for readiness). */
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Reminders as pg-boss jobs: one job per pending reminder, with a deterministic id, due at its reminder's time.
 * pg-boss hands each job to exactly one worker of all instances; the worker then does what the tick does on lowdb
 * (claim in the release's row, send, mark), so even a job run twice (its instance died, the job expired and was
 * handed on) finds the reminder already claimed or sent. What is due stays decided by the release itself: a job
 * only wakes the release.
 */
export function createReminderJobs(opts: ReminderJobOptions): ReminderJobs {
  const { logger } = opts;
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    application_name: 'release-bot-jobs',
    max: 4,
    // Handed on to pg's pool (pg-boss passes its options through): keep connections warm, as our own pool does.
    ...({ idleTimeoutMillis: 300_000 } as object),
    // Completed jobs are only history here: the release keeps what was sent and when.
    archiveCompletedAfterSeconds: 3_600,
    deleteAfterDays: 7,
  });
  boss.on('error', (error: unknown) => logger.error('reminder job queue error', { error }));
  let opened = false;
  let stopped = false;
  const expireInSeconds = opts.expireSeconds ?? 900;
  const leaseMs = opts.claimLeaseMs;
  const sweepMs = opts.sweepSeconds !== undefined ? opts.sweepSeconds * 1000 : 15_000;
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping = false;

  /**
   * Claims are not jobs: a reminder left 'sending' past its lease (its instance died mid-send, or its sent mark or
   * failure could not be written) is found here, and its release run again, which takes the claim over. One query
   * over the active releases every sweepSeconds; every instance sweeps, and the claim itself keeps them from both
   * sending.
   */
  async function sweep(run: (releaseId: string) => Promise<unknown>): Promise<void> {
    if (sweeping || stopped) return;
    sweeping = true;
    try {
      const found = await boss.getDb().executeSql(
        `SELECT id FROM releases WHERE NOT archived AND EXISTS (
           SELECT 1 FROM jsonb_array_elements(data->'reminders') r
           WHERE r->>'status' = 'sending' AND coalesce((r->>'claimedAt')::timestamptz, 'epoch') < now() - $1::interval)`,
        [`${leaseMs} milliseconds`],
      );
      for (const row of found.rows as Array<{ id: string }>) {
        logger.warn('taking over a reminder claim left past its lease', { releaseId: row.id });
        await run(row.id).catch((error: unknown) => logger.error('could not take over a reminder claim', { releaseId: row.id, error }));
      }
    } catch (error) {
      logger.error('the sweep for abandoned reminder claims failed', { error });
    } finally {
      sweeping = false;
    }
  }
  /** Jobs still to be run: a job id found in any other state is finished, failed, or running the very change at hand. */
  const LIVE = new Set(['created', 'retry']);

  const db = (tx: PoolClient) => ({ executeSql: (text: string, values: unknown[]) => tx.query(text, values) });

  /**
   * Plans one job. pg-boss ignores a job whose id it already holds, in any state, for as long as it keeps it: a
   * reminder moved back to an earlier time, or a claim handed back while its job still runs, would then be left with
   * a finished job only. So a clash with a job that is not waiting to run plans a new generation of it.
   */
  async function plan(release: Release, job: WantedJob, conn?: PoolClient): Promise<boolean> {
    const data: JobData = { releaseId: release.id, reminderId: job.reminderId, wakeAt: job.startAfter.getTime() };
    const options = { startAfter: availableFrom(job.startAfter), retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds, ...(conn ? { db: db(conn) } : {}) };
    if (await boss.send(QUEUE, data, { ...options, id: job.id })) return true;
    const held = await boss.getJobById(QUEUE, job.id, { includeArchive: false, ...(conn ? { db: db(conn) } : {}) });
    if (held && LIVE.has(held.state)) return false;
    return (await boss.send(QUEUE, data, { ...options, id: jobId(release.id, job.reminderId, job.id, `rev-${release.rev}`) })) !== null;
  }

  /**
   * A job can wake a release a moment before the bot's clock says the reminder is due (pg-boss compares with the
   * database's clock): it waits that moment out. The wake time planned into the job saves a read of the release per job.
   */
  async function untilDue(data: JobData, runAt: (id: string) => Promise<unknown>): Promise<void> {
    const wake = data.wakeAt;
    const early = wake - opts.clock.now().getTime();
    // Beyond the fetch-ahead, the database's clock is ahead of this machine's: the job is tried again later.
    if (early > MAX_EARLY_MS) throw new Error(`woken ${Math.round(early / 1000)} s before its reminder is due: is the database's clock ahead of this machine's?`);
    // A timer may fire a millisecond before the clock reaches its time: a reminder woken short of due would not be
    // claimed, and its job would be used up. Wait until the clock says so.
    while (opts.clock.now().getTime() < wake) await new Promise((resolve) => setTimeout(resolve, Math.max(1, wake - opts.clock.now().getTime())));
    await runAt(data.releaseId);
  }

  return {
    afterWrite: (before, after) => {
      if (!opened) throw new Error('reminder jobs are not open: open() must run before the first release write');
      const { send, cancel } = jobChanges(before, after);
      // Most writes (a step done, a reminder claimed or marked sent) change no job: no transaction of their own.
      if (send.length === 0 && cancel.length === 0) return undefined;
      return async (tx) => {
        if (cancel.length > 0) await boss.cancel(QUEUE, cancel, { db: db(tx) });
        for (const job of send) await plan(after, job, tx);
      };
    },
    async open() {
      await boss.start();
      try {
        await createQueue();
      } catch (error) {
        await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
        throw error;
      }
      opened = true;
    },
    async reconcile(releases) {
      let planned = 0;
      for (const release of releases) for (const job of wantedJobs(release).values()) if (await plan(release, job)) planned += 1;
      return planned;
    },
    async work({ run, warm }) {
      const batchSize = opts.batchSize ?? 50;
      const workOptions = { batchSize, pollingIntervalSeconds: opts.pollSeconds ?? 0.5 };
      const handle = async (jobs: PgBoss.Job<unknown>[], workerId: () => string | undefined) => {
        const ids = [...new Set(jobs.map((j) => jobData.safeParse(j.data)).flatMap((p) => (p.success ? [p.data.releaseId] : [])))];
        // Only a head start: each job still reads what it needs if this fails.
        await warm?.(ids).catch((error: unknown) => logger.warn('could not read a batch of releases ahead', { error }));
        await Promise.all(
          jobs.map(async (job) => {
            const parsed = jobData.safeParse(job.data);
            if (!parsed.success) {
              logger.error('a reminder job without its release; dropped', { jobId: job.id });
              return;
            }
            try {
              await untilDue(parsed.data, run);
            } catch (error) {
              // The store did not answer: the job is tried again later (pg-boss backs off), not used up.
              logger.warn('a reminder job failed; it is tried again', { releaseId: parsed.data.releaseId, error });
              await boss.fail(QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
            }
          }),
        );
        // A full batch means more are waiting: skip the poll interval.
        const id = workerId();
        if (jobs.length === batchSize && id && !stopped) boss.notifyWorker(id);
      };
      for (let i = 0; i < 2; i += 1) {
        let id: string | undefined;
        id = await boss.work(QUEUE, workOptions, (jobs) => handle(jobs, () => id));
      }
      sweepTimer = setInterval(() => void sweep(run), sweepMs);
      sweepTimer.unref();
    },
    async healthy() {
      try {
        await boss.getQueue(QUEUE);
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      stopped = true;
      if (sweepTimer) clearInterval(sweepTimer);
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };

  async function createQueue(): Promise<void> {
    // createQueue is idempotent; 'standard' keeps every job, which is what one-job-per-reminder needs. Two instances
    // starting together on a new database can deadlock in it (each waits for the other's queue row while attaching
    // its partition); PostgreSQL aborts one, which then finds the queue made by the other.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard' });
        return;
      } catch (error) {
        if (attempt >= 3 || (error as { code?: unknown }).code !== DEADLOCK_DETECTED) throw error;
      }
    }
  }
}
