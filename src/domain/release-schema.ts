import { z } from 'zod';
import { actorSchema } from './actor.js';
import { releaseModelSchema, REMINDER_KINDS } from '../models/model-schema.js';
import { ROLES } from './roles.js';

const iso = z.string().datetime({ offset: true });

export const RELEASE_STATUSES = ['planned', 'in_progress', 'deployed', 'els', 'closed', 'cancelled'] as const;
export const OUTCOMES = ['success', 'failed', 'rolled_back', 'hotfix'] as const;
export const STEP_STATES = ['open', 'done', 'skipped'] as const;
/** `skipped`: not sent because it no longer made sense (deployed early, or its deployment time had passed); `reason` says which. */
export const REMINDER_STATUSES = ['pending', 'sending', 'sent', 'failed', 'missed', 'cancelled', 'skipped'] as const;
/** `api`: a release a pipeline started without naming a channel; it lives in the API (and the console) only. */
export const SURFACES = ['console', 'slack', 'teams', 'api'] as const;

/** What a pipeline (or a person) attached to a step it did: the build, the commit, a word. */
export const evidenceSchema = z.object({ url: z.string().optional(), commit: z.string().optional(), note: z.string().optional() }).strict();

export const stepStateSchema = z
  .object({
    stepId: z.string(),
    state: z.enum(STEP_STATES),
    by: actorSchema.optional(),
    at: iso.optional(),
    reason: z.string().optional(),
    assignee: actorSchema.optional(),
    evidence: evidenceSchema.optional(),
  })
  .strict();

export const DEPLOYMENT_STATUSES = ['started', 'succeeded', 'failed', 'rolled_back'] as const;

/** What a pipeline reported about a deployment, in order: kept for the outcome and the report. */
export const deploymentEventSchema = z
  .object({
    status: z.enum(DEPLOYMENT_STATUSES),
    at: iso,
    by: actorSchema,
    environment: z.string().optional(),
    url: z.string().optional(),
    commit: z.string().optional(),
  })
  .strict();

export const auditEntrySchema = z
  .object({
    at: iso,
    actor: actorSchema,
    action: z.string(),
    stepId: z.string().optional(),
    detail: z.string().optional(),
    /** The delivery key of the chat event that caused it; a repeated key is a retry and changes nothing. */
    key: z.string().optional(),
  })
  .strict();

/** A gate's decision: open until someone allowed decides it; a rejection blocks until it is approved. */
export const gateStateSchema = z
  .object({
    gateId: z.string(),
    state: z.enum(['open', 'approved', 'rejected']),
    by: actorSchema.optional(),
    at: iso.optional(),
    note: z.string().optional(),
  })
  .strict();

/** A deployment recorded although gates or required steps were missing: by the release manager, with the reason. */
export const deployOverrideSchema = z.object({ by: actorSchema, at: iso, reason: z.string(), missing: z.array(z.string()) }).strict();

/** A start, move or deployment inside a freeze window, allowed with a reason: which window, until when, by whom. */
export const freezeOverrideSchema = z
  .object({
    windowId: z.string(),
    windowName: z.string(),
    action: z.enum(['start', 'reschedule', 'deploy']),
    /** The instant that fell in the window: the planned time, or the deployment. */
    for: iso,
    /** When that occurrence of the window ends. */
    until: iso,
    by: actorSchema,
    at: iso,
    reason: z.string(),
  })
  .strict();

export const reminderStateSchema = z
  .object({
    id: z.string(),
    defId: z.string(),
    /** The model's kinds, plus the bot's own: nudges to close or to deploy, corrections after a reschedule, and overdue steps and their escalation. */
    kind: z.enum([...REMINDER_KINDS, 'close_nudge', 'deploy_nudge', 'correction', 'step_overdue', 'step_escalation']),
    dueAt: iso,
    status: z.enum(REMINDER_STATUSES),
    /** How the send related to its due time: set when it is sent or given up. */
    timing: z.enum(['on_time', 'late', 'overdue']).optional(),
    attempts: z.number().int().min(0),
    nextAttemptAt: iso.optional(),
    claimedAt: iso.optional(),
    sentAt: iso.optional(),
    lastError: z.string().optional(),
    /** Why it was skipped. */
    reason: z.string().optional(),
    /** On a correction: the deployment time people were told before the reschedule. */
    previousPlannedAt: iso.optional(),
    /** On an overdue-step nudge or escalation: the steps that fell due together. */
    stepIds: z.array(z.string()).optional(),
  })
  .strict();

/** Where a release lives in chat. Each surface fills the fields it has; `messageIds` names its posted messages. */
export const chatLocationSchema = z
  .object({
    surface: z.enum(SURFACES),
    /** The Slack team (or Enterprise Grid org) or Teams tenant it was started in; the release is reachable from there only. */
    workspaceId: z.string().optional(),
    channelId: z.string(),
    threadId: z.string().optional(),
    messageIds: z.record(z.string(), z.string()).default({}),
    conversationRef: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const outcomeSchema = z
  .object({
    result: z.enum(OUTCOMES),
    incidents: z.array(z.string()).default([]),
    els: z.object({ incidents: z.number().int().min(0), exitCriteriaMet: z.boolean() }).strict().optional(),
    note: z.string().optional(),
    closedBy: actorSchema,
    closedAt: iso,
  })
  .strict();

export const classificationSchema = z
  .object({
    suggestedModelId: z.string(),
    explanation: z.string(),
    override: z.object({ modelId: z.string(), reason: z.string(), by: actorSchema, at: iso }).strict().optional(),
  })
  .strict();

export const releaseSchema = z
  .object({
    id: z.string().regex(/^R-\d+$/),
    seq: z.number().int().positive(),
    title: z.string(),
    answers: z.record(z.string(), z.union([z.string(), z.boolean()])),
    /** A copy of the model as it was when the release started: later edits to model files leave it alone. */
    model: releaseModelSchema,
    classification: classificationSchema,
    plannedAt: iso,
    requester: actorSchema,
    releaseManager: actorSchema,
    status: z.enum(RELEASE_STATUSES),
    outcome: outcomeSchema.optional(),
    location: chatLocationSchema,
    steps: z.array(stepStateSchema),
    gates: z.array(gateStateSchema).optional(),
    deployOverride: deployOverrideSchema.optional(),
    freezeOverrides: z.array(freezeOverrideSchema).optional(),
    deployments: z.array(deploymentEventSchema).optional(),
    /** The pipeline's own id for it, unique per token: a second start with it answers this release. */
    externalId: z.string().optional(),
    reminders: z.array(reminderStateSchema),
    audit: z.array(auditEntrySchema),
    createdAt: iso,
    updatedAt: iso,
    deployedAt: iso.optional(),
    cancelledAt: iso.optional(),
    /** Bumped on every stored change; renderers use it to drop stale updates. */
    rev: z.number().int().min(0),
  })
  .strict();

export type StepState = z.infer<typeof stepStateSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;
export type DeploymentEvent = z.infer<typeof deploymentEventSchema>;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export type GateState = z.infer<typeof gateStateSchema>;
export type FreezeOverride = z.infer<typeof freezeOverrideSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type ReminderState = z.infer<typeof reminderStateSchema>;
export type ChatLocation = z.infer<typeof chatLocationSchema>;
export type Outcome = z.infer<typeof outcomeSchema>;
export type Classification = z.infer<typeof classificationSchema>;
export type Release = z.infer<typeof releaseSchema>;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];
export type OutcomeResult = (typeof OUTCOMES)[number];
export type Surface = (typeof SURFACES)[number];
export { ROLES };

export const TERMINAL_STATUSES: readonly ReleaseStatus[] = ['closed', 'cancelled'];

export function isTerminal(status: ReleaseStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
