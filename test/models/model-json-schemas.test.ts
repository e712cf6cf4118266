import { readFile, readdir } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isOffset } from '../../src/domain/duration.js';
import { generateModelJsonSchemas, OFFSET_JSON_PATTERN } from '../../src/models/model-json-schemas.js';

const generated = generateModelJsonSchemas();

describe('the committed JSON Schemas in models/schema', () => {
  it.each(Object.keys(generated))('%s matches what the zod schemas generate (run "npm run schema" when this fails)', async (file) => {
    const committed = await readFile(`models/schema/${file}`, 'utf8');
    expect(committed).toBe(generated[file as keyof typeof generated]);
  });

  it('are pretty, stable draft-07 with a trailing newline', () => {
    for (const text of Object.values(generated)) {
      expect(text.endsWith('}\n')).toBe(true);
      expect(JSON.parse(text)).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#' });
    }
    expect(generateModelJsonSchemas()).toEqual(generated);
  });
});

describe('editors checking model files with the JSON Schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const modelSchema = ajv.compile(JSON.parse(generated['release-model.schema.json']));
  const questionsSchema = ajv.compile(JSON.parse(generated['questions.schema.json']));

  it('accept every default model file and the questions file', async () => {
    const files = (await readdir('models')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const data: unknown = parse(await readFile(`models/${file}`, 'utf8'));
      const validate = file === 'questions.yaml' ? questionsSchema : modelSchema;
      expect(validate(data), `${file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('flag a bad owner role, a bad offset and a rule without conditions, as startup would', async () => {
    const badOwner: unknown = parse(await readFile('test/fixtures/models/bad-owner/big.yaml', 'utf8'));
    expect(modelSchema(badOwner)).toBe(false);
    expect(modelSchema.errors?.map((e) => e.instancePath)).toContain('/steps/1/owner');
    const badOffset: unknown = parse(await readFile('test/fixtures/models/bad-offset/big.yaml', 'utf8'));
    expect(modelSchema(badOffset)).toBe(false);
    expect(modelSchema.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/steps/0/due', '/reminders/0/at']));
    const questions = parse(await readFile('models/questions.yaml', 'utf8')) as { rules: unknown[] };
    expect(questionsSchema({ ...questions, rules: [{ model: 'major' }] })).toBe(false);
  });

  it('use an offset pattern that agrees with isOffset()', () => {
    const pattern = new RegExp(OFFSET_JSON_PATTERN);
    const samples = ['0', '-2d', '+1h', '30m', '+1d12h', '-1d2h3m4s', '10s', '', '+', '-', '00', '+0', '1w', '2 days', '1h1d', 'd', '+-1h', ' 1h', '1h '];
    for (const s of samples) expect(pattern.test(s), s).toBe(isOffset(s));
  });
});
