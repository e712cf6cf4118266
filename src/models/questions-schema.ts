import { z } from 'zod';

const id = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, 'must start with a letter and hold only letters, digits or "_"').max(64);

const option = z
  .object({
    value: z.string().regex(/^[a-z0-9_-]+$/, 'must be lower-case letters, digits, "-" or "_"').max(64),
    label: z.string().min(1).max(75),
  })
  .strict();

/** A condition value: one option value, several (any of them), or a yes/no answer. */
const conditionValue = z.union([z.string(), z.array(z.string()).min(1), z.boolean()]);

/** Datetime conditions: the answer is in the past (beyond a few minutes of slack), or not. */
export const TIME_CONDITIONS = ['past', 'future'] as const;

const base = {
  id,
  label: z.string().min(1).max(150).describe('The question as asked.'),
  short: z.string().min(1).max(40).optional().describe('How explanations name it, e.g. "impact". Defaults to the id.'),
  help: z.string().max(300).optional(),
  required: z.boolean().default(true),
  when: z
    .record(z.string(), conditionValue)
    .optional()
    .describe(
      'Ask this question only when every condition on an earlier answer holds; it is then required. ' +
        'A choice question: an option value or a list of them; yes/no: true or false; a date and time: "past" or "future".',
    ),
};

export const questionSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(3000).default(150) }).strict(),
  z.object({ ...base, type: z.literal('choice'), options: z.array(option).min(2).max(25) }).strict(),
  z.object({ ...base, type: z.literal('boolean') }).strict(),
  z.object({ ...base, type: z.literal('datetime') }).strict(),
]);

export const ruleSchema = z
  .object({
    model: z.string().min(1).describe('The model chosen when the rule matches.'),
    all: z.record(z.string(), conditionValue).optional().describe('Every condition must hold.'),
    any: z.record(z.string(), conditionValue).optional().describe('At least one condition must hold.'),
  })
  .strict()
  .refine((r) => r.all !== undefined || r.any !== undefined, { message: 'a rule needs "all" or "any" conditions' });

export const questionsFileSchema = z
  .object({
    $schema: z.string().optional(),
    questions: z.array(questionSchema).min(1).max(20),
    rules: z.array(ruleSchema).describe('Ordered: the first rule that matches picks the model.'),
    fallback: z.string().min(1).describe('The model used when no rule matches.'),
  })
  .strict()
  .superRefine((file, ctx) => {
    const byId = new Map(file.questions.map((q) => [q.id, q]));
    for (const required of ['title', 'deployAt'] as const) {
      if (!byId.has(required)) ctx.addIssue({ code: 'custom', path: ['questions'], message: `must include a question with id "${required}"` });
    }
    if (byId.get('deployAt') && byId.get('deployAt')?.type !== 'datetime')
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'question "deployAt" must have type "datetime"' });
    file.questions.forEach((q, i) => checkWhen(q, i, file.questions, ctx));
    file.rules.forEach((rule, i) => {
      for (const part of ['all', 'any'] as const) {
        for (const [qid, value] of Object.entries(rule[part] ?? {})) {
          const q = byId.get(qid);
          const at = ['rules', i, part, qid];
          if (!q) { ctx.addIssue({ code: 'custom', path: at, message: `names no question ("${qid}")` }); continue; }
          if (q.type === 'choice') {
            const known = new Set(q.options.map((o) => o.value));
            for (const v of [value].flat()) {
              if (typeof v !== 'string' || !known.has(v))
                ctx.addIssue({ code: 'custom', path: at, message: `"${String(v)}" is not an option of "${qid}" (${[...known].join(', ')})` });
            }
          } else if (q.type === 'boolean' && typeof value !== 'boolean') {
            ctx.addIssue({ code: 'custom', path: at, message: `"${qid}" is a yes/no question: use true or false` });
          } else if (q.type === 'text' || q.type === 'datetime') {
            ctx.addIssue({ code: 'custom', path: at, message: `rules can only test choice and yes/no questions, not "${qid}"` });
          }
        }
      }
    });
  });

/**
 * A question's conditions name earlier questions (so a one-at-a-time conversation knows in time whether to ask it)
 * with values their answers can take. A conditional question is required whenever it is asked: that keeps "asked"
 * and "must be answered" one rule, the same in a conversation, a form and the API.
 */
function checkWhen(q: z.infer<typeof questionSchema>, index: number, questions: ReadonlyArray<z.infer<typeof questionSchema>>, ctx: z.RefinementCtx): void {
  if (!q.when) return;
  if (q.required === false) ctx.addIssue({ code: 'custom', path: ['questions', index, 'required'], message: 'a question with "when" is required whenever it is asked: drop "required: false"' });
  for (const [qid, value] of Object.entries(q.when)) {
    const at = ['questions', index, 'when', qid];
    const target = questions.findIndex((x) => x.id === qid);
    const t = questions[target];
    if (!t || target >= index) {
      ctx.addIssue({ code: 'custom', path: at, message: t ? `"${qid}" is asked after "${q.id}": a condition can only test an earlier question` : `names no question ("${qid}")` });
      continue;
    }
    const ok =
      t.type === 'choice'
        ? [value].flat().every((v) => typeof v === 'string' && t.options.some((o) => o.value === v))
        : t.type === 'boolean'
          ? typeof value === 'boolean'
          : t.type === 'datetime'
            ? typeof value === 'string' && (TIME_CONDITIONS as readonly string[]).includes(value)
            : false;
    if (ok) continue;
    const expected =
      t.type === 'choice' ? `one of its options (${t.options.map((o) => o.value).join(', ')})` : t.type === 'boolean' ? 'true or false' : t.type === 'datetime' ? '"past" or "future"' : 'nothing: a text answer cannot be tested';
    ctx.addIssue({ code: 'custom', path: at, message: `"${String(value)}" cannot test "${qid}": expected ${expected}` });
  }
}

export type Question = z.infer<typeof questionSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type QuestionsFile = z.infer<typeof questionsFileSchema>;
/** Validated answers: option values, yes/no, text, and ISO-8601 instants for datetime questions. */
export type Answers = Record<string, string | boolean>;
