import { z } from 'zod';
import { PHASES } from '../domain/phases.js';
import { ROLES } from '../domain/roles.js';
import { teamRoleSchema } from '../domain/team-roles.js';
import { isOffset, OFFSET_HINT, parseOffset } from '../domain/duration.js';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_", starting with a letter or digit')
  .max(64);

export const offsetSchema = z.string().refine(isOffset, { message: `must be ${OFFSET_HINT}` });

export const stepDefSchema = z
  .object({
    id: id.describe('Stable step id, unique within the model.'),
    title: z.string().min(1).max(200).describe('What must be done, as an instruction.'),
    phase: z.enum(PHASES).describe('The release phase the step belongs to.'),
    owner: z.enum(ROLES).describe('The role that owns the step.'),
    due: offsetSchema.optional().describe('When the step is due, relative to the planned deployment time.'),
    skippable: z.boolean().default(true).describe('False for steps that may never be skipped as not applicable.'),
    help: z.string().max(500).optional().describe('Why the step matters or how to do it.'),
    requiredBeforeDeploy: z.boolean().optional().describe('True for steps that must be done or skipped before the release may be deployed.'),
    automated: z.boolean().optional().describe('True for steps a pipeline does and records through the API, with evidence (a person may still do it by hand).'),
    signal: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).max(64).optional().describe('What the pipeline reports for it, e.g. "ci.tests".'),
    escalateAfter: offsetSchema
      .refine((o) => parseOffset(o) > 0, { message: 'must be a positive duration such as "2h" or "1d"' })
      .optional()
      .describe('How long the step may stay overdue before the release manager is told (default STEP_ESCALATE_AFTER, 4h).'),
  })
  .strict();

export const GATE_KINDS = ['approval', 'go_no_go'] as const;

export const gateDefSchema = z
  .object({
    id: id.describe('Stable gate id, unique within the model; people name it in "approve R-42 <gate>".'),
    title: z.string().min(1).max(120).describe('What is decided, e.g. "Change approval".'),
    kind: z.enum(GATE_KINDS).describe('approval: decided by holders of its role; go_no_go: by the release manager.'),
    role: teamRoleSchema.optional().describe('Who decides an approval gate (default approver).'),
  })
  .strict();

export const REMINDER_KINDS = ['communication', 'els_checkin', 'els_exit_review'] as const;

export const reminderDefSchema = z
  .object({
    id: id.describe('Stable reminder id, unique within the model.'),
    kind: z.enum(REMINDER_KINDS),
    at: offsetSchema.describe('When to send it, relative to the planned deployment time.'),
    owners: z.array(z.enum(ROLES)).min(1).describe('Roles to mention.'),
    message: z.string().min(1).max(1000).describe('What the owners must do now. May use {id}, {title}, {model}, {plannedAt}, {deployedAt} and {when}.'),
    draft: z.string().max(2000).optional().describe('A draft announcement the release manager can copy. Same placeholders.'),
  })
  .strict();

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

export const releaseModelSchema = z
  .object({
    $schema: z.string().optional(),
    id: id.describe('Model id, used by classification rules and overrides.'),
    name: z.string().min(1).max(60),
    description: z.string().min(1).max(1000),
    risk: z.enum(RISK_LEVELS).describe('How strict the model is; it scales with risk.'),
    deploymentStep: id.describe('The step whose completion marks the release as deployed.'),
    els: z
      .object({
        window: offsetSchema.describe('How long early life support lasts after deployment, e.g. "+7d".'),
        exitCriteria: z.array(z.string().min(1).max(300)).min(1),
      })
      .strict()
      .optional()
      .describe('Early life support; omit for models without hypercare.'),
    steps: z.array(stepDefSchema).min(1).max(100),
    gates: z.array(gateDefSchema).max(10).optional().describe('Decisions the release needs before it may be deployed.'),
    reminders: z.array(reminderDefSchema).max(50).default([]),
  })
  .strict()
  .superRefine((model, ctx) => {
    const stepIds = new Set<string>();
    model.steps.forEach((s, i) => {
      if (stepIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${s.id}"` });
      stepIds.add(s.id);
    });
    if (!stepIds.has(model.deploymentStep))
      ctx.addIssue({ code: 'custom', path: ['deploymentStep'], message: `names no step of this model ("${model.deploymentStep}")` });
    const gateIds = new Set<string>();
    (model.gates ?? []).forEach((g, i) => {
      if (gateIds.has(g.id)) ctx.addIssue({ code: 'custom', path: ['gates', i, 'id'], message: `duplicate gate id "${g.id}"` });
      gateIds.add(g.id);
    });
    const reminderIds = new Set<string>();
    model.reminders.forEach((r, i) => {
      if (reminderIds.has(r.id)) ctx.addIssue({ code: 'custom', path: ['reminders', i, 'id'], message: `duplicate reminder id "${r.id}"` });
      reminderIds.add(r.id);
      if (r.kind === 'els_exit_review' && !model.els)
        ctx.addIssue({ code: 'custom', path: ['reminders', i, 'kind'], message: 'an ELS exit review needs the model to define "els"' });
    });
  });

export type StepDef = z.infer<typeof stepDefSchema>;
export type GateDef = z.infer<typeof gateDefSchema>;
export type ReminderDef = z.infer<typeof reminderDefSchema>;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export type ReleaseModel = z.infer<typeof releaseModelSchema>;
export type RiskLevel = (typeof RISK_LEVELS)[number];
