import type { ReleaseErrorCode } from '../domain/release-error.js';
import type { ReminderState, Surface } from '../domain/release-schema.js';
import type { IntentKind } from '../interaction/intent.js';
import type { OutcomeKind } from '../interaction/outcome.js';

/** What the store decorator times: the three calls that write. */
export type StoreWriteOp = 'create' | 'update' | 'archive';

export type TelemetryReminderKind = ReminderState['kind'];

/**
 * The telemetry port: what the core and the surfaces report about their work, in neutral terms. It knows nothing of
 * Prometheus or HTTP; adapters/ops implements it with prom-client. Every method is called on a hot path, so an
 * implementation must be cheap and must never throw.
 *
 * Durations are in milliseconds here; an implementation converts them to whatever unit it exposes.
 */
export interface Telemetry {
  /**
   * One intent through the dispatcher and the outcome it got. `kind` is `unparsed` for a typed line that was no
   * command (answered with help or a usage refusal).
   */
  action(a: { surface: Surface; kind: IntentKind | 'unparsed'; outcome: OutcomeKind }): void;
  /** One refusal by the rules (also counted as an action with outcome `refused`). */
  refusal(r: { surface: Surface; kind: IntentKind | 'unparsed'; code: ReleaseErrorCode }): void;
  /**
   * A reminder handed to its surface. `latenessMs` is how long after its due time it went out; undefined for a
   * reminder that was already past due when it was planned (its lateness says nothing about the scheduler).
   * `late`: later than the on-time grace.
   */
  reminderSent(r: { kind: TelemetryReminderKind; late: boolean; latenessMs?: number }): void;
  /** A reminder that came due too long ago (the bot was down) and was marked missed instead of sent. */
  reminderMissed(r: { kind: TelemetryReminderKind }): void;
  /** A send that failed; `gaveUp` when it was the last try. */
  reminderFailed(r: { kind: TelemetryReminderKind; gaveUp: boolean }): void;
  /** A store write as its caller waits for it (queue, batch and the durable write). `failed`: it rejected for a reason other than the rules. */
  storeWrite(w: { op: StoreWriteOp; durationMs: number; failed: boolean }): void;
  /** From the moment a surface got a button click to the moment it acknowledged it to the platform. */
  clickAcked(c: { surface: Surface; durationMs: number }): void;
}

/** The default: the core works the same without anyone listening. */
export const noopTelemetry: Telemetry = {
  action() {},
  refusal() {},
  reminderSent() {},
  reminderMissed() {},
  reminderFailed() {},
  storeWrite() {},
  clickAcked() {},
};

/** Milliseconds since `start` (a `performance.now()` reading). */
export function elapsedMs(start: number): number {
  return performance.now() - start;
}
