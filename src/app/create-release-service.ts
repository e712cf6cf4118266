import type { Clock } from '../domain/clock.js';
import type { Actor } from '../domain/actor.js';
import type { Release } from '../domain/release-schema.js';
import { UnknownReleaseError, type Change, type ReleaseStore } from '../storage/release-store.js';
import type { Catalog } from '../models/catalog.js';
import type { Logger } from '../logging/logger.js';
import { ReleaseError } from '../domain/release-error.js';
import { classify } from '../models/classify.js';
import { describeModels } from '../models/describe-model-rules.js';
import { parseDateTime } from '../domain/parse-datetime.js';
import { validateAnswers } from '../models/validate-answers.js';
import { buildChecklistView } from '../view/build-checklist-view.js';
import { applyStepAction } from '../domain/apply-step-action.js';
import * as lifecycle from '../domain/release-lifecycle.js';
import { seenKey } from '../domain/record-audit.js';
import { guardActive } from '../domain/guard-active.js';
import { replanReminders } from '../scheduler/replan-reminders.js';
import { DEFAULT_STEP_ESCALATE_AFTER_MS, planStepNudges } from '../scheduler/plan-step-nudges.js';
import { cancelReminders, CLOSE_CANCELS } from '../scheduler/cancel-reminders.js';
import { planCorrection } from '../scheduler/plan-correction.js';
import { snapshotModel } from './snapshot-model.js';
import { decideGates } from '../domain/gates.js';
import { person, phrase, type Phrase } from '../domain/phrase.js';
import { formatTime } from '../format/format-time.js';
import { TEXT_LIMITS, typedText } from '../domain/text-limits.js';
import { describeOutcome } from '../domain/outcome-labels.js';
import { buildRelease } from './build-release.js';
import { recordDeployment } from '../domain/record-deployment.js';
import { freezeInForce, freezeReason, freezeRefusal, recordFreezeOverride, type FreezeContext } from '../domain/freeze-rules.js';
import { chooseModel } from './choose-model.js';
import { findOpenSteps } from './find-open-steps.js';
import type { ActionResult, ReleaseService } from './release-service.js';

export interface ReleaseServiceDeps {
  store: ReleaseStore;
  catalog: Catalog;
  clock: Clock;
  timeZone: string;
  logger: Logger;
  /** ON_TIME_TOLERANCE: the release manager is nudged when a deployment is this late. Default one hour. */
  deployNudgeAfterMs?: number;
  /** STEP_ESCALATE_AFTER: how long an overdue step waits before the release manager is told. Default four hours. */
  stepEscalateAfterMs?: number;
}

export function createReleaseService(deps: ReleaseServiceDeps): ReleaseService {
  const { store, catalog, clock, timeZone } = deps;
  const view = (release: Release) => buildChecklistView(release, clock.now(), timeZone, catalog.freezeWindows);
  const described = describeModels(catalog);
  const freeze: FreezeContext = { windows: catalog.freezeWindows, timeZone };
  const result = (release: Release, changed: boolean, message: Phrase | string): ActionResult => ({ release, view: view(release), changed, message: typeof message === 'string' ? [message] : message });
  const already = (release: Release): Phrase => [`${release.id}: already recorded.`];
  const escalateAfterMs = deps.stepEscalateAfterMs ?? DEFAULT_STEP_ESCALATE_AFTER_MS;
  const replan = (release: Release, now: Date): Release => withStepNudges({
    ...release,
    reminders: replanReminders(release.reminders, {
      releaseId: release.id,
      model: release.model,
      plannedAt: release.plannedAt,
      ...(release.deployedAt ? { deployedAt: release.deployedAt } : {}),
      now,
      timeZone,
      deployNudgeAfterMs: deps.deployNudgeAfterMs,
    }),
  }, now);
  const withStepNudges = (release: Release, now: Date): Release => ({ ...release, reminders: planStepNudges(release, { now, timeZone, escalateAfterMs }) });
  // People already told the old time get a correction (the pending reminders just move).
  const correct = (release: Release, previousPlannedAt: string, now: Date): Release => ({
    ...release,
    reminders: planCorrection(release.reminders, { releaseId: release.id, previousPlannedAt, plannedAt: release.plannedAt, now }),
  });

  async function get(id: string): Promise<Release> {
    const release = await store.get(id);
    if (!release) throw new ReleaseError('not_found', `There is no release ${id}. Type "list" to see the active releases.`, 'release');
    return release;
  }

  /** Archived releases are closed or cancelled: refuse with the reason before asking the hot store. */
  async function getActive(id: string, what: string): Promise<Release> {
    const release = await get(id);
    guardActive(release, what);
    return release;
  }

  /**
   * The hot store holds active releases only. When it does not know the id, the archive explains why: a retried
   * delivery changes nothing, a closed or cancelled release refuses with its status, an unknown id is not found.
   * Asking only on that path keeps the click path to one read of the release.
   */
  async function updateActive<T>(id: string, key: string | undefined, what: string, retried: (r: Release) => T, change: (r: Release) => Change<T>): Promise<T> {
    try {
      return await store.update(id, change);
    } catch (error) {
      if (!(error instanceof UnknownReleaseError)) throw error;
      const existing = await get(id);
      if (seenKey(existing, key)) return retried(existing);
      guardActive(existing, what);
      throw error;
    }
  }

  /** Runs a pure change inside the store's serialised update; a retried delivery changes nothing. */
  function change(id: string, key: string | undefined, apply: (r: Release, now: Date) => Release): Promise<{ release: Release; changed: boolean }> {
    const unchanged = (release: Release) => ({ release, changed: false });
    return updateActive(id, key, 'changing it', unchanged, (current): Change<{ release: Release; changed: boolean }> => {
      if (seenKey(current, key)) return { result: unchanged(current) };
      const next = apply(current, clock.now());
      return { release: next, result: { release: next, changed: true } };
    });
  }

  async function archiveIfDone(release: Release): Promise<void> {
    if (release.status === 'closed' || release.status === 'cancelled') await store.archive(release.id);
  }

  return {
    questions: () => catalog.questions,
    models: () => described,
    validateAnswers: (raw) => validateAnswers(catalog.questions, raw, { now: clock.now(), timeZone }),
    classify: (answers) => classify(catalog, answers),
    view,
    get,

    async start(input) {
      const checked = validateAnswers(catalog.questions, input.answers, { now: clock.now(), timeZone });
      if (!checked.ok) {
        const [field, message] = Object.entries(checked.errors)[0] ?? ['answers', 'is invalid'];
        throw new ReleaseError('invalid', `${field}: ${message}`, field);
      }
      const suggested = classify(catalog, checked.answers);
      const chosen = chooseModel(catalog, suggested, input.override);
      // A deployment planned inside a freeze window starts only with a reason, which is kept. One already past is
      // history being recorded (a hotfix written down after the fact): refusing it would lose it, not prevent it.
      const plannedAt = new Date(String(checked.answers.deployAt));
      const frozen = plannedAt.getTime() > clock.now().getTime() ? freezeInForce(freeze, plannedAt, chosen.model.id) : undefined;
      if (frozen && !input.freezeOverride) throw freezeRefusal(frozen, plannedAt, timeZone, 'give a reason to start it anyway (it is recorded)');
      const frozenReason = frozen ? freezeReason(input.freezeOverride?.reason, `Say why it must deploy during “${frozen.window.name}”: the reason is recorded.`) : undefined;
      const overrideFreeze = (release: Release): Release =>
        frozen && frozenReason ? recordFreezeOverride(release, frozen, { actor: input.actor, reason: frozenReason, action: 'start', at: plannedAt, now: clock.now(), timeZone }) : release;
      const { release, duplicate } = await store.create(
        (id, seq) =>
          overrideFreeze({ ...buildRelease({
            id,
            seq,
            answers: checked.answers,
            model: snapshotModel(chosen.model),
            suggestedModelId: suggested.modelId,
            explanation: suggested.explanation,
            ...(chosen.override ? { override: chosen.override } : {}),
            requester: input.actor,
            releaseManager: input.releaseManager ?? input.actor,
            location: input.location,
            ...(input.dedupeKey ? { key: input.dedupeKey } : {}),
            now: clock.now(),
            timeZone,
            deployNudgeAfterMs: deps.deployNudgeAfterMs,
            stepEscalateAfterMs: escalateAfterMs,
          }), ...(input.externalId ? { externalId: input.externalId } : {}) }),
        input.dedupeKey,
      );
      const message = duplicate ? `${release.id} was already started.` : `${release.id} started as ${release.model.name}.`;
      return result(release, !duplicate, message);
    },

    async act(input) {
      const retried = (release: Release) => ({ release, changed: false, message: already(release), deploymentChanged: false });
      const outcome = await updateActive(input.releaseId, input.dedupeKey, 'changing its checklist', retried, (current) => {
        const now = clock.now();
        const applied = applyStepAction(current, { ...input, key: input.dedupeKey, freeze }, now);
        if (!applied.changed) return { result: applied };
        const release = applied.deploymentChanged ? replan(applied.release, now) : applied.release;
        return { release, result: { ...applied, release } };
      });
      return result(outcome.release, outcome.changed, outcome.message);
    },

    async markDeployed(input) {
      const release = await get(input.releaseId);
      return this.act({
        releaseId: input.releaseId,
        step: release.model.deploymentStep,
        action: 'complete',
        actor: input.actor,
        ...(input.dedupeKey ? { dedupeKey: input.dedupeKey } : {}),
        ...(input.override ? { override: input.override } : {}),
      });
    },

    async recordDeployment(input) {
      const { dedupeKey, releaseId, ...report } = input;
      const retried = (release: Release) => ({ release, changed: false, message: already(release), deploymentChanged: false });
      const outcome = await updateActive(releaseId, dedupeKey, 'recording a deployment', retried, (current) => {
        const now = clock.now();
        const applied = recordDeployment(current, { ...report, freeze, ...(dedupeKey ? { key: dedupeKey } : {}) }, now);
        if (!applied.changed) return { result: applied };
        const release = applied.deploymentChanged ? replan(applied.release, now) : applied.release;
        return { release, result: { ...applied, release } };
      });
      return result(outcome.release, outcome.changed, outcome.message);
    },

    async decideGates(input) {
      const { holders, decision, actor, gateId, note } = input;
      let message: Phrase = [];
      const r = await change(input.releaseId, input.dedupeKey, (cur, now) => {
        const decided = decideGates(cur, { actor, decision, holders, ...(gateId ? { gateId } : {}), ...(note !== undefined ? { note } : {}), key: input.dedupeKey }, now);
        message = decided.message;
        return decided.release;
      });
      return result(r.release, r.changed, r.changed ? message : already(r.release));
    },

    async reschedule(input) {
      // Read as the questions read it, in the team's zone, so every surface can pass what the person typed.
      const when = parseDateTime(input.plannedAt, { now: clock.now(), timeZone });
      if (!when) {
        throw new ReleaseError('invalid', `"${input.plannedAt}" is not a date and time such as 2026-12-01 14:30 (${timeZone}) or "tomorrow 09:00".`, 'plannedAt');
      }
      const r = await change(input.releaseId, input.dedupeKey, (cur, now) => {
        let moved = lifecycle.reschedule(cur, when, input.actor, now, timeZone, input.dedupeKey);
        const frozen = freezeInForce(freeze, when, cur.model.id, cur);
        if (frozen) {
          if (!input.override) throw freezeRefusal(frozen, when, timeZone, `move it anyway with "reschedule ${cur.id} <time> override <reason>"`);
          const reason = freezeReason(input.override.reason, `Say why ${cur.id} must deploy during “${frozen.window.name}”: "reschedule ${cur.id} <time> override <reason>".`);
          moved = recordFreezeOverride(moved, frozen, { actor: input.actor, reason, action: 'reschedule', at: when, now, timeZone });
        }
        return correct(replan(moved, now), cur.plannedAt, now);
      });
      const at = formatTime(r.release.plannedAt, timeZone);
      const corrects = r.release.reminders.some((x) => x.kind === 'correction' && x.status === 'pending') ? ' A correction goes to those already told the old time.' : '';
      return result(r.release, r.changed, r.changed ? phrase`${r.release.id} now deploys at ${at} (moved by ${person(input.actor)}); reminders moved with it.${corrects}` : already(r.release));
    },

    async cancel(input) {
      const reason = typedText(input.reason, { field: 'reason', max: TEXT_LIMITS.reason, what: 'reason' });
      const r = await change(input.releaseId, input.dedupeKey, (cur, now) => {
        const cancelled = lifecycle.cancel(cur, input.actor, now, reason, input.dedupeKey);
        return { ...cancelled, reminders: cancelReminders(cancelled.reminders, undefined, now) };
      });
      await archiveIfDone(r.release);
      const why = reason ? ` (${reason})` : '';
      return result(r.release, r.changed, r.changed ? phrase`${r.release.id} cancelled by ${person(input.actor)}${why}; its reminders are cancelled too.` : already(r.release));
    },

    async close(input) {
      const note = typedText(input.note, { field: 'note', max: TEXT_LIMITS.note, what: 'note' });
      const r = await change(input.releaseId, input.dedupeKey, (cur, now) => {
        const closed = lifecycle.close(cur, { ...input, ...(note ? { note } : {}), result: input.outcome, key: input.dedupeKey }, now);
        return { ...closed, reminders: cancelReminders(closed.reminders, { kinds: CLOSE_CANCELS }, now) };
      });
      await archiveIfDone(r.release);
      return result(r.release, r.changed, r.changed ? closedMessage(r.release, input.actor) : already(r.release));
    },

    async setLocation(releaseId, patch) {
      await getActive(releaseId, 'moving it');
      return store.update(releaseId, (current) => {
        const location = { ...current.location, ...patch, messageIds: { ...current.location.messageIds, ...(patch.messageIds ?? {}) } };
        // Every stored change bumps rev, as the store does, so the caller's copy matches what is stored.
        const release = { ...current, location, rev: current.rev + 1 };
        return { release, result: release };
      });
    },

    listActive: () => store.listActive(),
    freezeWindows: () => catalog.freezeWindows,

    async openStepsFor(actor) {
      return findOpenSteps(await store.listActive(), actor).map(({ release, stepNumbers }) => ({ release, view: view(release), stepNumbers }));
    },
  };
}

/** "R-2 closed by alice: needed a hotfix. Incidents: INC-1. ELS: 1 incident, exit criteria not met." — what was recorded. */
function closedMessage(release: Release, actor: Actor): Phrase {
  const o = release.outcome;
  if (!o) return phrase`${release.id} closed by ${person(actor)}.`;
  return phrase`${release.id} closed by ${person(actor)}: ${describeOutcome(o)}`;
}
