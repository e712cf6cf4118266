import type { Actor } from '../domain/actor.js';
import type { ChatLocation, Release } from '../domain/release-schema.js';
import type { Answers } from '../models/questions-schema.js';
import type { ReleaseModel } from '../models/model-schema.js';
import { recordAudit } from '../domain/record-audit.js';
import { planReminders } from '../scheduler/plan-reminders.js';
import { DEFAULT_STEP_ESCALATE_AFTER_MS, planStepNudges } from '../scheduler/plan-step-nudges.js';

export interface NewRelease {
  id: string;
  seq: number;
  answers: Answers;
  model: ReleaseModel;
  suggestedModelId: string;
  explanation: string;
  override?: { modelId: string; reason: string };
  requester: Actor;
  releaseManager: Actor;
  location: ChatLocation;
  key?: string;
  now: Date;
  timeZone: string;
  /** How long after the planned time a missing deployment is nudged (ON_TIME_TOLERANCE). */
  deployNudgeAfterMs?: number;
  /** How long an overdue step waits before its escalation (STEP_ESCALATE_AFTER). */
  stepEscalateAfterMs?: number;
}

export function buildRelease(n: NewRelease): Release {
  const at = n.now.toISOString();
  const plannedAt = String(n.answers.deployAt);
  const base: Release = {
    id: n.id,
    seq: n.seq,
    title: String(n.answers.title),
    answers: n.answers,
    model: n.model,
    classification: {
      suggestedModelId: n.suggestedModelId,
      explanation: n.explanation,
      ...(n.override ? { override: { ...n.override, by: n.requester, at } } : {}),
    },
    plannedAt,
    requester: n.requester,
    releaseManager: n.releaseManager,
    status: 'planned',
    location: n.location,
    steps: n.model.steps.map((s) => ({ stepId: s.id, state: 'open' as const })),
    ...(n.model.gates?.length ? { gates: n.model.gates.map((g) => ({ gateId: g.id, state: 'open' as const })) } : {}),
    reminders: planReminders({ releaseId: n.id, model: n.model, plannedAt, now: n.now, timeZone: n.timeZone, deployNudgeAfterMs: n.deployNudgeAfterMs }),
    audit: [],
    createdAt: at,
    updatedAt: at,
    rev: 0,
  };
  const nudged = { ...base, reminders: planStepNudges(base, { now: n.now, timeZone: n.timeZone, escalateAfterMs: n.stepEscalateAfterMs ?? DEFAULT_STEP_ESCALATE_AFTER_MS }) };
  // An override says so in the start entry too: the suggestion's explanation would describe the wrong model.
  const why = n.override ? `${n.model.id}: chosen over the suggested ${n.suggestedModelId} by ${n.requester.name}: ${n.override.reason}` : `${n.model.id}: ${n.explanation}`;
  const started = recordAudit(nudged, { actor: n.requester, action: 'start', detail: why, key: n.key }, n.now);
  return n.override
    ? recordAudit(started, { actor: n.requester, action: 'override', detail: `${n.suggestedModelId} → ${n.override.modelId}: ${n.override.reason}` }, n.now)
    : started;
}
