/** Whether the bot can do its work now, and if not, why (for the readiness probe and whoever reads it). */
export type Readiness = { ready: true } | { ready: false; reason: string };

/** What readiness looks at: the phase the core is in, the store, and the reminder scheduler's heartbeat. */
export interface ReadinessInputs {
  phase: 'starting' | 'running' | 'stopping';
  /** A cheap read of the store (or database); it rejects or hangs when the store cannot answer. */
  probe(): Promise<unknown>;
  /** Wall time (ms) of the scheduler's last completed tick, or of its start before the first one. */
  heartbeatAt: number;
  tickSeconds: number;
  /** How long the store may take to answer. Default 2 s. */
  storeTimeoutMs?: number;
  now?: number;
}

/**
 * A scheduler that has not completed a tick for three intervals (at least 30 s, so one slow tick sending a burst
 * of reminders does not flap the probe) is taken to be stuck.
 */
export function staleAfterMs(tickSeconds: number): number {
  return Math.max(3 * tickSeconds * 1000, 30_000);
}

/**
 * Ready when the core runs, the store answers a cheap read in time, and the scheduler ticked recently. The
 * heartbeat is wall time, not the release clock: it says whether this process is working, whatever time releases see.
 */
export async function checkReadiness(inputs: ReadinessInputs): Promise<Readiness> {
  if (inputs.phase === 'starting') return { ready: false, reason: 'starting: the reminder scheduler has not started yet' };
  if (inputs.phase === 'stopping') return { ready: false, reason: 'shutting down' };
  const storeProblem = await storeAnswers(inputs.probe, inputs.storeTimeoutMs ?? 2000);
  if (storeProblem) return { ready: false, reason: `the release store does not answer: ${storeProblem}` };
  const silentMs = (inputs.now ?? Date.now()) - inputs.heartbeatAt;
  if (silentMs > staleAfterMs(inputs.tickSeconds)) {
    return { ready: false, reason: `the reminder scheduler has not completed a tick for ${Math.round(silentMs / 1000)} s` };
  }
  return { ready: true };
}

/** Undefined when the store answered a cheap read within `ms`; otherwise what went wrong. */
async function storeAnswers(probe: () => Promise<unknown>, ms: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
  });
  try {
    return await Promise.race([
      probe().then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
