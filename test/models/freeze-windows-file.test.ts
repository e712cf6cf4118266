import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { generateModelJsonSchemas } from '../../src/models/model-json-schemas.js';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { ModelFileError } from '../../src/models/model-file-error.js';

const FIXTURES = 'test/fixtures/models';
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The default models, with a freeze windows file from the fixtures beside them. */
async function modelsWith(fixture?: string): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'freeze-models-'));
  for (const f of (await readdir('models')).filter((n) => n.endsWith('.yaml'))) await cp(path.join('models', f), path.join(dir, f));
  if (fixture) await cp(path.join(FIXTURES, fixture, 'freeze-windows.yaml'), path.join(dir, 'freeze-windows.yaml'));
  return dir;
}

describe('models/freeze-windows.yaml', () => {
  it('is optional: without it there are no windows', async () => {
    const catalog = await loadCatalog(await modelsWith());
    expect(catalog.freezeWindows).toEqual([]);
  });

  it('loads fixed windows (times in the team zone or with an offset) and recurring ones, and is not taken for a model', async () => {
    const catalog = await loadCatalog(await modelsWith('freeze-good'), { timeZone: 'Europe/Berlin' });
    expect(catalog.models.map((m) => m.id)).not.toContain('freeze-windows');
    expect(catalog.models).toHaveLength(5);
    expect(catalog.freezeWindows).toEqual([
      { id: 'year-end', name: 'Year-end freeze', kind: 'fixed', start: '2026-12-19T23:00:00.000Z', end: '2027-01-03T23:00:00.000Z', exempt: ['emergency'] },
      { id: 'friday', name: 'Friday afternoons', kind: 'recurring', cron: '0 14 * * 5', durationMs: 10 * 3_600_000, exempt: [] },
    ]);
  });

  it('when broken, stops loading naming the file and every field, all at once', async () => {
    const error = await loadCatalog(await modelsWith('freeze-broken'), { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    const problems = (error as ModelFileError).problems.map((p) => `${path.basename(p.file)}: ${p.path}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^freeze-windows\.yaml: windows\[0\]\.end: must be after the start/),
        expect.stringMatching(/^freeze-windows\.yaml: windows\[0\]\.exempt\[1\]: names no model \("hotfix"\); known models: emergency, major, migration, minor, standard/),
        expect.stringMatching(/^freeze-windows\.yaml: windows\[1\]\.cron: "0 14 \* \*" has 4 fields/),
        expect.stringMatching(/^freeze-windows\.yaml: windows\[1\]\.duration: "ten hours" is not a duration/),
        expect.stringMatching(/^freeze-windows\.yaml: windows\[2\]\.id: window id "friday" is also used by windows\[1\]/),
        expect.stringMatching(/^freeze-windows\.yaml: windows\[2\]\.end: missing/),
        expect.stringMatching(/^freeze-windows\.yaml: windows\[3\]: Unrecognized key: "color"/),
      ]),
    );
    expect((error as Error).message).toMatch(/freeze-windows\.yaml: windows\[0\]\.end: must be after the start \(2026-12-20 00:00\) \(line 5\)/);
  });
});

describe('the freeze windows JSON Schema, for editors', () => {
  it('accepts the good fixture and flags a window that is neither fixed nor recurring, or has an unknown field', async () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(generateModelJsonSchemas()['freeze-windows.schema.json']));
    expect(validate(parse(await readFile(`${FIXTURES}/freeze-good/freeze-windows.yaml`, 'utf8')))).toBe(true);
    expect(validate(parse(await readFile(`${FIXTURES}/freeze-broken/freeze-windows.yaml`, 'utf8')))).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/windows/2', '/windows/3']));
  });
});
