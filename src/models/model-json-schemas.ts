import { z } from 'zod';
import { offsetSchema, releaseModelSchema } from './model-schema.js';
import { questionsFileSchema, ruleSchema } from './questions-schema.js';
import { freezeWindowSchema, freezeWindowsFileShape } from './freeze-windows-schema.js';

/** The same rule as isOffset() in src/domain/duration.ts, for editors: "0", or a sign and units d, h, m, s in that order. */
export const OFFSET_JSON_PATTERN = '^(?:0|[+-]?(?=\\d)(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?:\\d+s)?)$';

export const MODEL_SCHEMA_FILES = {
  'release-model.schema.json': { schema: releaseModelSchema, title: 'Release Bot release model' },
  'questions.schema.json': { schema: questionsFileSchema, title: 'Release Bot classification questions and rules' },
  'freeze-windows.schema.json': { schema: freezeWindowsFileShape, title: 'Release Bot freeze windows' },
} as const;

export type ModelSchemaFileName = keyof typeof MODEL_SCHEMA_FILES;

/**
 * The JSON Schemas editors use to check files in models/, generated from the zod schemas that startup uses,
 * as file name → file text (pretty, stable, trailing newline). Draft-07, which YAML and JSON editors support widely.
 */
export function generateModelJsonSchemas(): Record<ModelSchemaFileName, string> {
  const out = {} as Record<ModelSchemaFileName, string>;
  for (const [file, { schema, title }] of Object.entries(MODEL_SCHEMA_FILES) as Array<[ModelSchemaFileName, (typeof MODEL_SCHEMA_FILES)[ModelSchemaFileName]]>) {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', override: addRefinements });
    const { $schema, ...rest } = json;
    out[file] = `${JSON.stringify({ $schema, title, ...rest }, null, 2)}\n`;
  }
  return out;
}

/** Refinements are code, so JSON Schema cannot see them; restate the ones that editors can check. */
function addRefinements(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  for (let s: z.core.$ZodType | undefined = ctx.zodSchema; s; s = s._zod.parent) {
    if (s === offsetSchema) ctx.jsonSchema.pattern = OFFSET_JSON_PATTERN;
    if (s === ruleSchema) ctx.jsonSchema.anyOf = [{ required: ['all'] }, { required: ['any'] }];
    if (s === freezeWindowSchema) ctx.jsonSchema.anyOf = [{ required: ['start', 'end'] }, { required: ['cron', 'duration'] }];
  }
}
