import { isPipeline, type Actor, type ChecklistView, type Release, type StepView } from '../../src/index.js';

/** Who did something: a person (from chat) or a pipeline (a token's name). */
export function byJson(actor: Actor): { kind: 'person' | 'pipeline'; id: string; name: string } {
  return isPipeline(actor) ? { kind: 'pipeline', id: actor.id.slice('pipeline:'.length), name: actor.name } : { kind: 'person', id: actor.id, name: actor.name };
}

export function stepJson(s: StepView) {
  return {
    n: s.number,
    id: s.stepId,
    title: s.title,
    phase: s.phase,
    owner: s.owner,
    state: s.state,
    automated: s.automated,
    ...(s.by ? { by: byJson(s.by) } : {}),
    ...(s.at ? { at: s.at } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.evidence ? { evidence: s.evidence } : {}),
    ...(s.assignee ? { assignee: byJson(s.assignee) } : {}),
    ...(s.dueAt ? { dueAt: s.dueAt } : {}),
  };
}

export function modelJson(view: ChecklistView) {
  return { id: view.modelId, name: view.modelName, explanation: view.explanation };
}

export function releaseJson(release: Release, view: ChecklistView) {
  return {
    id: release.id,
    title: release.title,
    status: release.status,
    model: modelJson(view),
    plannedAt: release.plannedAt,
    ...(release.deployedAt ? { deployedAt: release.deployedAt } : {}),
    ...(release.externalId ? { externalId: release.externalId } : {}),
    releaseManager: byJson(release.releaseManager),
    ...(release.outcome ? { outcome: { result: release.outcome.result, incidents: release.outcome.incidents, ...(release.outcome.els ? { els: release.outcome.els } : {}) } } : {}),
    steps: view.phases.flatMap((p) => p.steps).map(stepJson),
    gates: gatesJson(view),
  };
}

/** Whether the release may be deployed now, and what stands in the way (gates, required steps, a freeze window). */
export function gatesJson(view: ChecklistView) {
  return { ready: view.blockers.length === 0, missing: view.blockers.map((b) => ({ kind: b.kind, id: b.id, title: b.title })) };
}
