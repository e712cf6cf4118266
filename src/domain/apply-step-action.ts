import { ReleaseError } from './release-error.js';
import { isPipeline, sameActor, type Actor } from './actor.js';
import type { Evidence, Release, StepState } from './release-schema.js';
import type { StepAction } from './step-action.js';
import { recordAudit, seenKey } from './record-audit.js';
import { guardActive } from './guard-active.js';
import { findStep } from './find-step.js';
import { requireAssigner, requireDeployer, requireReleaseManager } from './permissions.js';
import { describeMissing, missingBeforeDeploy, type MissingItem } from './gates.js';
import { person, phrase, type Phrase } from './phrase.js';
import { TEXT_LIMITS, typedText } from './text-limits.js';
import { describeFreeze, freezeInForce, freezeReason, recordFreezeOverride, type FreezeContext } from './freeze-rules.js';
import type { FreezeSpan } from './freeze-windows.js';

export interface StepActionRequest {
  step: number | string;
  action: StepAction;
  actor: Actor;
  reason?: string;
  assignee?: Actor;
  key?: string;
  /** Deploy although gates or required steps are missing, or inside a freeze window: the release manager only, with the reason. */
  override?: { reason?: string };
  /** The freeze windows: a deployment inside one is refused without an override. */
  freeze?: FreezeContext;
  /** What proves a completion: a build URL, a commit, a note (checked by parseEvidence). */
  evidence?: Evidence;
}

export interface StepActionOutcome {
  release: Release;
  changed: boolean;
  /** A confirmation that names the release and the person: "R-2: step 5 “Smoke test” done by alice." */
  message: Phrase;
  /** The deployment step changed state: reminders anchored on deployment must be replanned. */
  deploymentChanged: boolean;
}

const VERB: Record<StepAction, string> = { complete: 'done', undo: 'reopened', skip: 'skipped', assign: 'assigned' };

/** "Step 3 “Run smoke tests”" → "step 3 “Run smoke tests”": keeps the step title as written. */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function describe(release: Release, index: number): string {
  return `Step ${index + 1} “${release.model.steps[index]?.title ?? '?'}”`;
}

/** "R-2: step 5 “Smoke test”": what every confirmation starts with, so it says which release it is about. */
function named(release: Release, index: number): string {
  return `${release.id}: ${lowerFirst(describe(release, index))}`;
}

function nextState(release: Release, index: number, current: StepState, req: StepActionRequest, now: Date): StepState | string {
  const at = now.toISOString();
  const def = release.model.steps[index];
  const name = describe(release, index);
  switch (req.action) {
    case 'complete':
      if (current.state === 'done') return `${name} is already done (by ${current.by?.name ?? 'someone'}).`;
      // The same rule as skipping a done step: the record never jumps from one to the other.
      if (current.state === 'skipped') throw new ReleaseError('conflict', `${name} is skipped (${current.reason ?? 'no reason'}); undo it first if it was done after all.`);
      // Early life support starts at the deployment: an exit review or check-in before it would record what never happened.
      if (def?.phase === 'early_life_support' && !release.deployedAt) {
        throw new ReleaseError('conflict', `${name} belongs to early life support, which starts at the deployment: record the deployment first (deploy ${release.id}).`);
      }
      if (def?.id === release.model.deploymentStep) requireDeployer(release, req.actor, index);
      return { stepId: current.stepId, state: 'done', by: req.actor, at, ...(current.assignee ? { assignee: current.assignee } : {}), ...(req.evidence ? { evidence: req.evidence } : {}) };
    case 'skip': {
      const reason = typedText(req.reason, { field: 'reason', max: TEXT_LIMITS.reason, what: 'reason', required: `Say why ${lowerFirst(name)} does not apply: a skip needs a reason.` })!;
      if (def && !def.skippable) throw new ReleaseError('conflict', `${name} cannot be skipped in the ${release.model.name} model.`);
      if (current.state === 'done') throw new ReleaseError('conflict', `${name} is done; undo it first if it does not apply.`);
      if (current.state === 'skipped') return `${name} is already skipped (${current.reason ?? 'no reason'}).`;
      return { stepId: current.stepId, state: 'skipped', by: req.actor, at, reason, ...(current.assignee ? { assignee: current.assignee } : {}) };
    }
    case 'undo':
      if (current.state === 'open') return `${name} is open: there is nothing to undo.`;
      if (!sameActor(current.by, req.actor) && !sameActor(release.releaseManager, req.actor)) {
        const who = sameActor(current.by, release.releaseManager)
          ? `${release.releaseManager.name} (who did it and manages the release)`
          : `${current.by?.name ?? 'the person who did it'} or the release manager (${release.releaseManager.name})`;
        throw new ReleaseError('forbidden', `Only ${who} can undo ${lowerFirst(name)}.`);
      }
      return { stepId: current.stepId, state: 'open', ...(current.assignee ? { assignee: current.assignee } : {}) };
    case 'assign':
      if (!req.assignee) throw new ReleaseError('invalid', `Name the person to assign ${lowerFirst(name)} to.`, 'assignee');
      if (sameActor(current.assignee, req.assignee)) return `${name} is already assigned to ${req.assignee.name}.`;
      requireAssigner(release, req.actor, index, req.assignee);
      return { ...current, assignee: req.assignee };
  }
}

/** A completion's audit note: its evidence, or that a person did by hand a step pipelines normally record. */
function completionDetail(release: Release, index: number, req: StepActionRequest): string | undefined {
  if (req.action !== 'complete') return undefined;
  if (req.evidence) return ['evidence', req.evidence.url, req.evidence.commit, req.evidence.note].filter(Boolean).join(' ');
  return release.model.steps[index]?.automated && !isPipeline(req.actor) ? 'by hand (an automated step)' : undefined;
}

/** Applies one checklist action. Pure: the store calls it inside its serialised update. */
export function applyStepAction(release: Release, req: StepActionRequest, now: Date): StepActionOutcome {
  if (seenKey(release, req.key)) return { release, changed: false, message: [`${release.id}: already recorded.`], deploymentChanged: false };
  guardActive(release, `changing its checklist`);
  const index = findStep(release, req.step);
  const current = release.steps[index] ?? { stepId: release.model.steps[index]!.id, state: 'open' as const };
  const next = nextState(release, index, current, req, now);
  if (typeof next === 'string') return { release, changed: false, message: [`${release.id}: ${lowerFirst(next)}`], deploymentChanged: false };

  const steps = release.steps.map((s, i) => (i === index ? next : s));
  const isDeploy = current.stepId === release.model.deploymentStep && (next.state === 'done') !== (current.state === 'done');
  let updated: Release = { ...release, steps };
  const deploying = isDeploy && next.state === 'done';
  const missing = deploying ? missingBeforeDeploy(release) : [];
  const freeze = deploying ? freezeInForce(req.freeze, now, release.model.id, release) : undefined;
  if (!req.override && (missing.length || freeze)) throw deployRefusal(release, missing, freeze, req.freeze?.timeZone ?? 'UTC');
  if (missing.length) updated = overridden(updated, missing, req, now);
  if (freeze) {
    requireReleaseManager(release, req.actor, 'deploy with an override');
    const reason = freezeReason(req.override?.reason, `Say why ${release.id} must go out during “${freeze.window.name}”: "deploy ${release.id} override <reason>".`);
    updated = recordFreezeOverride(updated, freeze, { actor: req.actor, reason, action: 'deploy', at: now, now, timeZone: req.freeze!.timeZone });
  }
  if (isDeploy && next.state === 'done') {
    updated = { ...updated, deployedAt: now.toISOString(), status: release.model.els ? 'els' : 'deployed' };
  } else if (isDeploy) {
    // The override belonged to that deployment: a later one must pass the gates or be overridden again. The audit keeps it.
    const { deployedAt: _dropped, deployOverride: _override, ...rest } = updated;
    updated = { ...rest, status: 'in_progress' };
  } else if (updated.status === 'planned' && req.action !== 'assign') {
    updated = { ...updated, status: 'in_progress' };
  }
  const detail = next.state === 'skipped' && req.action === 'skip' ? next.reason : req.action === 'assign' ? req.assignee?.name : completionDetail(release, index, req);
  updated = recordAudit(updated, { actor: req.actor, action: req.action, stepId: current.stepId, detail, key: req.key }, now);
  const who = req.action === 'assign' && req.assignee ? phrase`to ${person(req.assignee)}` : phrase`by ${person(req.actor)}`;
  const deployNote = isDeploy ? (next.state === 'done' ? ` ${release.id} is now deployed.` : ` ${release.id} is no longer marked deployed.`) : '';
  return { release: updated, changed: true, message: [`${named(release, index)} ${VERB[req.action]} `, ...who, `.${deployNote}`], deploymentChanged: isDeploy };
}

/**
 * A deployment while gates or required steps are missing is refused, naming every missing item, unless the release
 * manager overrides it with a reason; the override is kept on the release and in its audit trail for the report.
 */
export function deployRefusal(release: Release, missing: MissingItem[], freeze: FreezeSpan | undefined, timeZone: string): ReleaseError {
  const how = `The release manager can deploy anyway with "deploy ${release.id} override <reason>".`;
  if (!missing.length) return new ReleaseError('conflict', `${release.id} cannot be deployed now: ${describeFreeze(freeze!, timeZone)}. ${how}`, 'freeze');
  const also = freeze ? `, and ${describeFreeze(freeze, timeZone)}` : '';
  return new ReleaseError('conflict', `${release.id} cannot be deployed yet: missing ${describeMissing(missing)}${also}. ${how}`, 'gates');
}

function overridden(release: Release, missing: MissingItem[], req: StepActionRequest, now: Date): Release {
  const what = describeMissing(missing);
  requireReleaseManager(release, req.actor, 'deploy with an override');
  const reason = typedText(req.override?.reason, { field: 'reason', max: TEXT_LIMITS.reason, what: 'reason', required: `Say why ${release.id} must go out without ${what}: "deploy ${release.id} override <reason>".` })!;
  const deployOverride = { by: req.actor, at: now.toISOString(), reason, missing: missing.map((m) => (m.rejected ? `${m.title} (rejected)` : m.title)) };
  return recordAudit({ ...release, deployOverride }, { actor: req.actor, action: 'deploy_override', detail: `${reason} (missing ${what})` }, now);
}
