import { ReleaseError } from './release-error.js';
import type { Actor } from './actor.js';
import { formatTime } from '../format/format-time.js';
import { requireReleaseManager } from './permissions.js';
import type { Outcome, OutcomeResult, Release } from './release-schema.js';
import { recordAudit } from './record-audit.js';
import { guardActive } from './guard-active.js';

export function reschedule(release: Release, plannedAt: Date, actor: Actor, now: Date, timeZone: string, key?: string): Release {
  guardActive(release, 'moving its deployment');
  requireReleaseManager(release, actor, 'reschedule');
  if (release.deployedAt) throw new ReleaseError('conflict', `${release.id} was already deployed at ${formatTime(release.deployedAt, timeZone)}; there is nothing to reschedule.`);
  // A few minutes of slack for "now"; further back is no plan at all (record it with deploy instead).
  if (plannedAt.getTime() < now.getTime() - 15 * 60_000) {
    throw new ReleaseError('invalid', `${formatTime(plannedAt, timeZone)} is in the past: pick a future time, or record the deployment with "deploy ${release.id}".`, 'plannedAt');
  }
  const from = release.plannedAt;
  const moved = { ...release, plannedAt: plannedAt.toISOString() };
  return recordAudit(moved, { actor, action: 'reschedule', detail: `${from} → ${moved.plannedAt}`, key }, now);
}

export function cancel(release: Release, actor: Actor, now: Date, reason?: string, key?: string): Release {
  guardActive(release, 'cancelling it');
  requireReleaseManager(release, actor, 'cancel');
  const cancelled: Release = { ...release, status: 'cancelled', cancelledAt: now.toISOString() };
  return recordAudit(cancelled, { actor, action: 'cancel', detail: reason, key }, now);
}

export interface CloseRequest {
  actor: Actor;
  result: OutcomeResult;
  incidents?: string[];
  els?: Outcome['els'];
  note?: string;
  key?: string;
}

export function close(release: Release, req: CloseRequest, now: Date): Release {
  guardActive(release, 'closing it');
  requireReleaseManager(release, req.actor, 'close');
  if (!release.deployedAt) {
    throw new ReleaseError('conflict', `${release.id} has not been deployed yet. Record the deployment first (deploy ${release.id}), or cancel it.`);
  }
  // The report weighs each model's early life support by these answers; a release closed without them would vanish from it.
  if (release.status === 'els' && !req.els) {
    throw new ReleaseError(
      'invalid',
      `${release.id} is in early life support: say how it went when you close it, the number of incidents during ELS and whether its exit criteria were met (e.g. close ${release.id} ${req.result} els:0 exit:met).`,
      'els',
    );
  }
  const outcome: Outcome = {
    result: req.result,
    incidents: req.incidents ?? [],
    ...(req.els ? { els: req.els } : {}),
    ...(req.note ? { note: req.note } : {}),
    closedBy: req.actor,
    closedAt: now.toISOString(),
  };
  const els = req.els ? [`els:${req.els.incidents}`, `exit:${req.els.exitCriteriaMet ? 'met' : 'unmet'}`] : [];
  const detail = [req.result, ...(req.incidents ?? []), ...els].join(' ');
  return recordAudit({ ...release, status: 'closed', outcome }, { actor: req.actor, action: 'close', detail, key: req.key }, now);
}
