import { z } from 'zod';
import { DEPLOYMENT_STATUSES, OUTCOMES, TEXT_LIMITS } from '../../src/index.js';

/*
 * Every body the API accepts, strict: an unknown field is a 400 naming it. Lengths are capped here for what the core
 * does not check itself (ids, names); the core checks the rest and names the field when it refuses.
 */

const text = (max: number) => z.string().max(max);
const answerValue = z.union([z.string().max(2000), z.boolean()]);

export const createBody = z
  .object({
    title: text(200),
    answers: z.record(z.string().max(64), answerValue).default({}),
    override: z.object({ model: text(64), reason: text(TEXT_LIMITS.reason).optional() }).strict().optional(),
    externalId: z.string().min(1).max(200).optional(),
    releaseManager: z.string().min(1).max(TEXT_LIMITS.personName).optional(),
    freezeOverride: z.object({ reason: text(TEXT_LIMITS.reason) }).strict().optional(),
    where: z
      .object({
        slack: z.object({ channel: z.string().regex(/^[CG][A-Z0-9]{2,30}$/, 'must be a Slack channel id such as C0123ABC') }).strict().optional(),
        teams: z.object({ conversationId: z.string().min(1).max(500) }).strict().optional(),
      })
      .strict()
      .refine((w) => Boolean(w.slack) !== Boolean(w.teams), { message: 'name one place: slack or teams' })
      .optional(),
  })
  .strict();

export const evidenceBody = z.object({ url: text(500).optional(), commit: text(80).optional(), note: text(TEXT_LIMITS.reason).optional() }).strict();

export const stepBody = z
  .object({ action: z.enum(['complete', 'skip', 'undo']), reason: text(TEXT_LIMITS.reason).optional(), evidence: evidenceBody.optional() })
  .strict();

export const deploymentBody = z
  .object({
    status: z.enum(DEPLOYMENT_STATUSES),
    environment: text(80).optional(),
    url: text(500).optional(),
    commit: text(80).optional(),
    override: z.object({ reason: text(TEXT_LIMITS.reason) }).strict().optional(),
  })
  .strict();

export const closeBody = z
  .object({
    outcome: z.enum(OUTCOMES),
    incidents: z.array(text(TEXT_LIMITS.incidentRef)).max(TEXT_LIMITS.incidentRefs).optional(),
    els: z.object({ incidents: z.number().int().min(0), exitCriteriaMet: z.boolean() }).strict().optional(),
    note: text(TEXT_LIMITS.note).optional(),
  })
  .strict();

export const cancelBody = z.object({ reason: text(TEXT_LIMITS.reason) }).strict();

/** zod's issues as the problem's `errors`: "answers.deployAt", "where.slack.channel", or the unknown field's name. */
export function fieldErrors(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ field: at ? `${at}.${k}` : k, message: 'is not a field of this request' }));
    return [{ field: at || 'body', message: issue.message }];
  });
}
