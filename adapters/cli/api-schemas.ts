import { z } from 'zod';

/*
 * What the CLI reads from the bot's answers. Objects are not strict: a newer bot may add fields, and the CLI keeps
 * working; a field the CLI relies on that is missing or of the wrong type makes the answer unreadable (exit 4).
 */

const actor = z.object({ kind: z.enum(['person', 'pipeline']), id: z.string(), name: z.string() });

export const missingSchema = z.object({ kind: z.string(), id: z.string(), title: z.string() });

export const problemSchema = z.object({
  status: z.number().int(),
  title: z.string(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  missing: z.array(missingSchema).optional(),
});

const model = z.object({ id: z.string(), name: z.string(), explanation: z.string() });

export const createdSchema = z.object({ id: z.string(), status: z.string(), model, externalId: z.string().optional() });

export const gatesSchema = z.object({ ready: z.boolean(), missing: z.array(missingSchema) });

export const stepSchema = z.object({
  n: z.number().int(),
  id: z.string(),
  title: z.string(),
  state: z.enum(['open', 'done', 'skipped']),
  by: actor.optional(),
  at: z.string().optional(),
  reason: z.string().optional(),
  evidence: z.object({ url: z.string().optional(), commit: z.string().optional(), note: z.string().optional() }).optional(),
});

export const releaseSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  model,
  plannedAt: z.string(),
  deployedAt: z.string().optional(),
  externalId: z.string().optional(),
  releaseManager: actor.optional(),
  outcome: z.object({ result: z.string(), incidents: z.array(z.string()).optional() }).optional(),
  steps: z.array(stepSchema),
  gates: gatesSchema,
});

export const stepAnswerSchema = z.object({ changed: z.boolean(), releaseId: z.string(), step: stepSchema.optional() });

export const changeAnswerSchema = z.object({ changed: z.boolean(), release: releaseSchema });

export type Problem = z.infer<typeof problemSchema>;
export type Missing = z.infer<typeof missingSchema>;
export type ReleaseJson = z.infer<typeof releaseSchema>;
export type StepJson = z.infer<typeof stepSchema>;
