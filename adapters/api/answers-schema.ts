import type { Question } from '../../src/index.js';

type JsonSchema = Record<string, unknown>;

/** The answers the loaded questions take, as JSON Schema: option values for choices, so the document follows MODELS_DIR. */
export function answersSchema(questions: readonly Question[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const q of questions) {
    const description = [q.label, q.help].filter(Boolean).join(' ');
    switch (q.type) {
      case 'choice':
        properties[q.id] = { type: 'string', enum: q.options.map((o) => o.value), description };
        break;
      case 'boolean':
        properties[q.id] = { type: 'boolean', description };
        break;
      case 'datetime':
        properties[q.id] = { type: 'string', description: `${description} ISO-8601, or as typed in chat ("in 2h", "tomorrow 09:00"), in the team's zone.` };
        break;
      case 'text':
        properties[q.id] = { type: 'string', maxLength: q.maxLength, description };
        break;
    }
  }
  return { type: 'object', additionalProperties: false, properties };
}
