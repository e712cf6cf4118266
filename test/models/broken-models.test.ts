import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/models/load-catalog.js';
import { ModelFileError } from '../../src/models/model-file-error.js';

const FIXTURES = 'test/fixtures/models';

async function loadError(dir: string): Promise<ModelFileError> {
  const error: unknown = await loadCatalog(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFileError);
  return error as ModelFileError;
}

describe('a broken model directory stops loading with file, path and problem', () => {
  it('names a bad owner role with the allowed roles and the line', async () => {
    const e = await loadError(`${FIXTURES}/bad-owner`);
    expect(e.problems).toHaveLength(1);
    expect(e.message).toContain(
      'test/fixtures/models/bad-owner/big.yaml: steps[1].owner: Invalid option: expected one of "dev"|"ops"|"release_manager"|"comms"|"support" (line 11)',
    );
  });

  it('names a duplicate step id', async () => {
    const e = await loadError(`${FIXTURES}/duplicate-step`);
    expect(e.message).toContain('test/fixtures/models/duplicate-step/big.yaml: steps[2].id: duplicate step id "deploy" (line 9)');
    expect(e.problems).toHaveLength(1);
  });

  it('names every bad offset, in steps and reminders', async () => {
    const e = await loadError(`${FIXTURES}/bad-offset`);
    expect(e.problems.map((p) => `${p.file}: ${p.path}`)).toEqual([
      'test/fixtures/models/bad-offset/big.yaml: steps[0].due',
      'test/fixtures/models/bad-offset/big.yaml: reminders[0].at',
    ]);
    expect(e.problems[0]?.message).toMatch(/^must be an offset such as "-2d"/);
  });

  it('names a rule that points at an unknown model, and lists the known ones', async () => {
    const e = await loadError(`${FIXTURES}/unknown-model-rule`);
    expect(e.message).toContain(
      'test/fixtures/models/unknown-model-rule/questions.yaml: rules[0].model: names no model ("huge"); known models: big, small (line 13)',
    );
  });

  it('names the file and line of a YAML syntax error', async () => {
    const e = await loadError(`${FIXTURES}/yaml-syntax`);
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ file: 'test/fixtures/models/yaml-syntax/big.yaml', line: 8 });
    expect(e.problems[0]?.message).toMatch(/^YAML syntax error: Flow sequence/);
  });

  it('refuses a directory without a questions file', async () => {
    const e = await loadError(`${FIXTURES}/missing-questions`);
    expect(e.message).toContain('test/fixtures/models/missing-questions: no questions file: add questions.yaml or questions.yml or questions.json');
  });

  it('refuses two files that declare the same model id', async () => {
    const e = await loadError(`${FIXTURES}/duplicate-model-id`);
    expect(e.message).toContain(
      'test/fixtures/models/duplicate-model-id/big.yaml: id: model id "big" is also used by test/fixtures/models/duplicate-model-id/big-copy.yaml',
    );
  });

  it('lists every problem in every file at once, and loads nothing', async () => {
    const e = await loadError(`${FIXTURES}/several-problems`);
    const lines = e.message.split('\n').slice(1).map((l) => l.trim());
    const dir = 'test/fixtures/models/several-problems';
    expect(lines).toEqual([
      `${dir}/questions.yaml: rules[0].all.impact: "severe" is not an option of "impact" (low, high) (line 12)`,
      expect.stringMatching(new RegExp(`^${dir}/big.yaml: steps\\[0\\]\\.phase: missing: expected one of "build"\\|`)),
      expect.stringContaining(`${dir}/big.yaml: steps[1].owner: Invalid option`),
      `${dir}/big.yaml: Unrecognized key: "colour" (line 6)`,
      expect.stringMatching(new RegExp(`^${dir}/third.yaml: YAML syntax error: `)),
      `${dir}/questions.yaml: fallback: names no model ("tiny"); known models: small (line 13)`,
    ]);
    expect(e.message.split('\n')[0]).toBe('Release models could not be loaded (6 problems):');
  });

  it('refuses a models directory that does not exist', async () => {
    const e = await loadError(`${FIXTURES}/no-such-dir`);
    expect(e.message).toContain('test/fixtures/models/no-such-dir: cannot read the models directory (ENOENT)');
  });
});

describe('files in a models directory', () => {
  it('reads .yml and .json model files too, and ignores the schema/ sub-folder and other files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    try {
      await cp('models', dir, { recursive: true });
      const minor = await readFile(path.join(dir, 'minor.yaml'), 'utf8');
      await writeFile(path.join(dir, 'minor.yml'), minor.replace('id: minor', 'id: minor_yml'));
      await writeFile(
        path.join(dir, 'tiny.json'),
        JSON.stringify({ id: 'tiny', name: 'Tiny', description: 'JSON model', risk: 'low', deploymentStep: 'go', steps: [{ id: 'go', title: 'Go', phase: 'deployment', owner: 'ops' }] }),
      );
      await writeFile(path.join(dir, 'README.md'), '# not a model');
      await writeFile(path.join(dir, 'schema', 'broken.yaml'), 'not: [valid');
      const catalog = await loadCatalog(dir);
      expect(catalog.model('minor_yml')?.steps.length).toBe(catalog.model('minor')?.steps.length);
      expect(catalog.model('tiny')?.steps[0]).toEqual({ id: 'go', title: 'Go', phase: 'deployment', owner: 'ops', skippable: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names an absolute path when the directory is outside the working directory', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    try {
      await writeFile(path.join(dir, 'questions.yaml'), '');
      await writeFile(path.join(dir, 'a.yaml'), 'id: a\n');
      const e = await loadError(dir);
      expect(e.problems[0]).toEqual({ file: `${dir}/questions.yaml`, path: '', message: 'the file is empty' });
      expect(e.message).toContain(`${dir}/a.yaml: name: missing: expected string`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
