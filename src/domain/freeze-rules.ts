import type { Actor } from './actor.js';
import { freezeAt, type FreezeSpan, type FreezeWindow } from './freeze-windows.js';
import { formatTime } from '../format/format-time.js';
import { recordAudit } from './record-audit.js';
import { ReleaseError } from './release-error.js';
import type { Release } from './release-schema.js';
import { TEXT_LIMITS, typedText } from './text-limits.js';

/** The freeze windows and the team's zone, which the rules need to say whether an instant is frozen. */
export interface FreezeContext {
  windows: readonly FreezeWindow[];
  timeZone: string;
}

export type FreezeAction = 'start' | 'reschedule' | 'deploy';

/**
 * The window in force at `at` for a release of `modelId`, unless the model is exempt or the release already has an
 * override for this very occurrence (one reason covers a start and the deployment in the same freeze).
 */
export function freezeInForce(ctx: FreezeContext | undefined, at: Date, modelId: string, release?: Release): FreezeSpan | undefined {
  if (!ctx?.windows.length) return undefined;
  const span = freezeAt(ctx.windows, at, ctx.timeZone, modelId);
  if (!span) return undefined;
  const end = span.end.toISOString();
  if (release?.freezeOverrides?.some((o) => o.windowId === span.window.id && o.until === end)) return undefined;
  return span;
}

/** “Friday afternoons” (until Fri 11 Dec 2026, 00:00 UTC): how every refusal names a window. */
export function describeFreeze(span: FreezeSpan, timeZone: string): string {
  return `the freeze window “${span.window.name}”, in force until ${formatTime(span.end, timeZone)}`;
}

/** The refusal for starting or moving a deployment into a window, with how to do it anyway. */
export function freezeRefusal(span: FreezeSpan, at: Date, timeZone: string, how: string): ReleaseError {
  return new ReleaseError('conflict', `${formatTime(at, timeZone)} falls in ${describeFreeze(span, timeZone)}. Pick a time after it, or ${how}.`, 'freeze');
}

/** The override reason, required: a freeze is lifted for a release only with a reason that is kept. */
export function freezeReason(reason: string | undefined, required: string): string {
  return typedText(reason, { field: 'freeze', max: TEXT_LIMITS.reason, what: 'reason', required })!;
}

/** Keeps the override on the release and in its audit trail, for the report and anyone who asks why. */
export function recordFreezeOverride(release: Release, span: FreezeSpan, input: { actor: Actor; reason: string; action: FreezeAction; at: Date; now: Date; timeZone: string }): Release {
  const override = {
    windowId: span.window.id,
    windowName: span.window.name,
    action: input.action,
    for: input.at.toISOString(),
    until: span.end.toISOString(),
    by: input.actor,
    at: input.now.toISOString(),
    reason: input.reason,
  };
  const detail = `${input.action} inside “${span.window.name}” (until ${formatTime(span.end, input.timeZone)}): ${input.reason}`;
  return recordAudit({ ...release, freezeOverrides: [...(release.freezeOverrides ?? []), override] }, { actor: input.actor, action: 'freeze_override', detail }, input.now);
}
