import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCatalog, type Catalog } from './catalog.js';
import { ModelFileError, type ModelProblem } from './model-file-error.js';
import { releaseModelSchema, RISK_LEVELS, type ReleaseModel } from './model-schema.js';
import { parseModelFile, type LineOf } from './parse-model-file.js';
import { questionsFileSchema, type QuestionsFile } from './questions-schema.js';
import { FREEZE_FILES, freezeWindowsFileSchema } from './freeze-windows-schema.js';
import type { FreezeWindow } from '../domain/freeze-windows.js';

const QUESTIONS_FILES = ['questions.yaml', 'questions.yml', 'questions.json'];
const DATA_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads every model file, the questions file and the optional freeze windows file in `modelsDir` (not its
 * sub-folders, so `schema/` is left alone), validates each, and cross-checks them. Any problem anywhere throws one
 * ModelFileError listing them all: nothing loads half. `timeZone` reads the freeze windows' wall-clock times.
 */
export async function loadCatalog(modelsDir: string, opts: { timeZone?: string } = {}): Promise<Catalog> {
  const dirName = displayPath(modelsDir);
  let names: string[];
  try {
    const entries = await readdir(modelsDir, { withFileTypes: true });
    names = entries.filter((e) => e.isFile() && DATA_FILE.test(e.name)).map((e) => e.name).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelFileError([{ file: dirName, path: '', message: `cannot read the models directory (${code ?? String(e)})` }]);
  }
  const sources = await Promise.all(
    names.map(async (name) => ({ name, file: displayPath(path.join(modelsDir, name)), text: await readFile(path.join(modelsDir, name), 'utf8') })),
  );

  const problems: ModelProblem[] = [];
  const questionSources = sources.filter((s) => QUESTIONS_FILES.includes(s.name.toLowerCase()));
  if (questionSources.length === 0)
    problems.push({ file: dirName, path: '', message: `no questions file: add ${QUESTIONS_FILES.join(' or ')}` });
  if (questionSources.length > 1)
    problems.push({ file: dirName, path: '', message: `more than one questions file (${questionSources.map((s) => s.name).join(', ')}): keep one` });

  let questions: QuestionsFile | undefined;
  let references: { file: string; rules: unknown[]; fallback: unknown; lineOf: LineOf } | undefined;
  for (const source of questionSources.slice(0, 1)) {
    const parsed = parseModelFile(source, questionsFileSchema);
    if (parsed.ok) questions = parsed.value;
    else problems.push(...parsed.problems);
    // Rules are cross-checked even when the file has other problems, so one run reports everything.
    const raw = (parsed.ok ? parsed.value : parsed.data) as { rules?: unknown; fallback?: unknown } | undefined;
    const lineOf = parsed.lineOf;
    if (raw && typeof raw === 'object' && lineOf)
      references = { file: source.file, rules: Array.isArray(raw.rules) ? raw.rules : [], fallback: raw.fallback, lineOf };
  }

  // The freeze windows file is not a release model: it is read on its own, and its exemptions checked below.
  const freezeSources = sources.filter((s) => FREEZE_FILES.includes(s.name.toLowerCase()));
  if (freezeSources.length > 1)
    problems.push({ file: dirName, path: '', message: `more than one freeze windows file (${freezeSources.map((s) => s.name).join(', ')}): keep one` });
  let freezeWindows: FreezeWindow[] = [];
  let exemptions: { file: string; windows: unknown[]; lineOf: LineOf } | undefined;
  for (const source of freezeSources.slice(0, 1)) {
    const parsed = parseModelFile(source, freezeWindowsFileSchema(opts.timeZone ?? 'UTC'));
    if (parsed.ok) freezeWindows = parsed.value;
    else problems.push(...parsed.problems);
    const raw = (parsed.ok ? undefined : parsed.data) as { windows?: unknown } | undefined;
    const windows = parsed.ok ? parsed.value : Array.isArray(raw?.windows) ? raw.windows : [];
    if (parsed.lineOf) exemptions = { file: source.file, windows, lineOf: parsed.lineOf };
  }

  const models: ReleaseModel[] = [];
  const fileOf = new Map<string, string>();
  const failedNames: string[] = [];
  const modelSources = sources.filter((s) => !questionSources.includes(s) && !freezeSources.includes(s));
  if (modelSources.length === 0) problems.push({ file: dirName, path: '', message: 'no release model files (*.yaml, *.yml or *.json)' });
  for (const source of modelSources) {
    const parsed = parseModelFile(source, releaseModelSchema);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      failedNames.push(source.name.replace(DATA_FILE, ''));
      continue;
    }
    const model = parsed.value;
    const first = fileOf.get(model.id);
    if (first) {
      problems.push({ file: source.file, path: 'id', message: `model id "${model.id}" is also used by ${first}`, line: parsed.lineOf(['id']) });
      continue;
    }
    fileOf.set(model.id, source.file);
    models.push(model);
  }

  if (references) {
    // A model file that failed validation is already reported; a rule naming it by its file name is not a second problem.
    const known = new Set([...fileOf.keys(), ...failedNames]);
    const hint = `known models: ${[...fileOf.keys()].sort().join(', ') || 'none'}`;
    const { file, lineOf } = references;
    references.rules.forEach((rule, i) => {
      const model = (rule as { model?: unknown } | null)?.model;
      if (typeof model === 'string' && !known.has(model))
        problems.push({ file, path: `rules[${i}].model`, message: `names no model ("${model}"); ${hint}`, line: lineOf(['rules', i, 'model']) });
    });
    if (typeof references.fallback === 'string' && !known.has(references.fallback))
      problems.push({ file, path: 'fallback', message: `names no model ("${references.fallback}"); ${hint}`, line: lineOf(['fallback']) });
  }

  if (exemptions) {
    const known = new Set([...fileOf.keys(), ...failedNames]);
    const hint = `known models: ${[...fileOf.keys()].sort().join(', ') || 'none'}`;
    const { file, lineOf } = exemptions;
    exemptions.windows.forEach((w, i) => {
      const exempt = (w as { exempt?: unknown } | null)?.exempt;
      if (!Array.isArray(exempt)) return;
      exempt.forEach((model, j) => {
        if (typeof model === 'string' && !known.has(model))
          problems.push({ file, path: `windows[${i}].exempt[${j}]`, message: `names no model ("${model}"); ${hint}`, line: lineOf(['windows', i, 'exempt', j]) });
      });
    });
  }

  if (problems.length > 0 || !questions) throw new ModelFileError(problems);
  models.sort((a, b) => RISK_LEVELS.indexOf(a.risk) - RISK_LEVELS.indexOf(b.risk) || a.steps.length - b.steps.length || a.id.localeCompare(b.id));
  return createCatalog({ models, questions: questions.questions, rules: questions.rules, fallback: questions.fallback, freezeWindows });
}

/** Paths as the operator typed them: relative to the working directory when inside it. */
function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), path.resolve(p));
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(p) : rel;
  return shown.split(path.sep).join('/');
}
