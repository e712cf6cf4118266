import type { ActionResult } from '../../app/release-service.js';
import type { ChangeKind } from '../change-notifier.js';
import type { Outcome } from '../outcome.js';
import type { RouteContext } from '../route-context.js';

/** Changes the whole channel should hear of: the release moved, went out, or ended. */
const RELEASE_LEVEL: ReadonlySet<ChangeKind> = new Set(['deploy', 'reschedule', 'cancel', 'close', 'decide']);

/**
 * After every stored change: the release becomes the person's current one, every surface hears of it, and the
 * person gets the confirmation. The announce rule is here, once: release-level changes, including a step that
 * records or withdraws the deployment, are announced in the release's thread; other step changes show in the checklist.
 */
export function publishChange(ctx: RouteContext, kind: ChangeKind, result: ActionResult, step?: number): Outcome {
  const { release, view, changed, message } = result;
  ctx.current.set(ctx.origin.actor.id, release.id);
  const deployStep = step !== undefined && view.phases.some((p) => p.steps.some((s) => s.number === step && s.isDeploymentStep));
  const announce = changed && (RELEASE_LEVEL.has(kind) || deployStep);
  // Only a stored change is published: a retry that changed nothing must not post or announce anything twice.
  if (changed) ctx.notifier.publish({ kind, release, view, actor: ctx.origin.actor, message, origin: ctx.origin, announce });
  return { kind: 'done', release, view, changed, message, announced: announce, ...(step !== undefined ? { step } : {}) };
}
