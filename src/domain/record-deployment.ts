import type { Actor } from './actor.js';
import { applyStepAction, deployRefusal, type StepActionOutcome } from './apply-step-action.js';
import type { FreezeContext } from './freeze-rules.js';
import { freezeInForce, freezeReason } from './freeze-rules.js';
import { missingBeforeDeploy } from './gates.js';
import { guardActive } from './guard-active.js';
import { requireReleaseManager } from './permissions.js';
import { person, phrase } from './phrase.js';
import { recordAudit, seenKey } from './record-audit.js';
import { ReleaseError } from './release-error.js';
import type { DeploymentEvent, DeploymentStatus, Release } from './release-schema.js';

export interface DeploymentReport {
  status: DeploymentStatus;
  actor: Actor;
  environment?: string;
  url?: string;
  commit?: string;
  override?: { reason?: string };
  freeze?: FreezeContext;
  key?: string;
}

const WORDS: Record<DeploymentStatus, string> = { started: 'started', succeeded: 'succeeded', failed: 'failed', rolled_back: 'was rolled back' };

/**
 * A pipeline's word on a deployment. `succeeded` records the deployment as the deployment step does in chat (the
 * gates, freezes and overrides apply, and the ELS clock starts now); a second `succeeded` changes nothing. `started`
 * is held to the same gates, so a pipeline that asks before it deploys is stopped where chat would stop a person.
 * `failed` and `rolled_back` are facts for the outcome and are always recorded while the release is open. Pure.
 */
export function recordDeployment(release: Release, report: DeploymentReport, now: Date): StepActionOutcome {
  if (seenKey(release, report.key)) return { release, changed: false, message: [`${release.id}: already recorded.`], deploymentChanged: false };
  guardActive(release, 'recording a deployment');
  const event: DeploymentEvent = {
    status: report.status,
    at: now.toISOString(),
    by: report.actor,
    ...(report.environment ? { environment: report.environment } : {}),
    ...(report.url ? { url: report.url } : {}),
    ...(report.commit ? { commit: report.commit } : {}),
  };
  const where = report.environment ? ` to ${report.environment}` : '';
  if (report.status === 'succeeded') {
    const evidence = report.url || report.commit ? { ...(report.url ? { url: report.url } : {}), ...(report.commit ? { commit: report.commit } : {}) } : undefined;
    const applied = applyStepAction(
      release,
      { step: release.model.deploymentStep, action: 'complete', actor: report.actor, ...(report.override ? { override: report.override } : {}), ...(report.freeze ? { freeze: report.freeze } : {}), ...(report.key ? { key: report.key } : {}), ...(evidence ? { evidence } : {}) },
      now,
    );
    if (!applied.changed) return applied;
    return { ...applied, release: { ...applied.release, deployments: [...(applied.release.deployments ?? []), event] } };
  }
  if (report.status === 'started') {
    if (release.deployedAt) throw new ReleaseError('conflict', `${release.id} is already deployed; report "succeeded", "failed" or "rolled_back".`, 'status');
    const missing = missingBeforeDeploy(release);
    const freeze = freezeInForce(report.freeze, now, release.model.id, release);
    if ((missing.length || freeze) && !report.override) throw deployRefusal(release, missing, freeze, report.freeze?.timeZone ?? 'UTC');
    if (missing.length || freeze) {
      requireReleaseManager(release, report.actor, 'start a deployment with an override');
      freezeReason(report.override?.reason, `Say why ${release.id} must go out with items missing: "override": { "reason": "…" }.`);
    }
  }
  const status = report.status === 'started' && release.status === 'planned' ? { status: 'in_progress' as const } : {};
  const next: Release = { ...release, ...status, deployments: [...(release.deployments ?? []), event] };
  const detail = [report.environment, report.url, report.commit, report.override?.reason ? `override: ${report.override.reason}` : undefined].filter(Boolean).join(' ');
  return {
    release: recordAudit(next, { actor: report.actor, action: `deployment_${report.status}`, ...(detail ? { detail } : {}), key: report.key }, now),
    changed: true,
    message: phrase`${release.id}: deployment${where} ${WORDS[report.status]}, reported by ${person(report.actor)}.`,
    deploymentChanged: false,
  };
}
