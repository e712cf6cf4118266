import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatPath, type ModelProblem } from './model-file-error.js';

/** A model or questions file read from disk, able to say on which line a path inside it starts. */
export interface SourceFile {
  file: string;
  text: string;
}

export type LineOf = (path: readonly PropertyKey[]) => number | undefined;

export type ParsedModelFile<T> =
  | { ok: true; value: T; lineOf: LineOf }
  /** `data` and `lineOf` are there when the YAML parsed but did not validate, so cross-checks can still run on it. */
  | { ok: false; problems: ModelProblem[]; data?: unknown; lineOf?: LineOf };

/**
 * Parses YAML (JSON is YAML too) and validates it with `schema`, turning every syntax error and every
 * zod issue into a problem that names the file, the path inside it and the line.
 */
export function parseModelFile<S extends z.ZodType>(
  source: SourceFile,
  schema: S,
): ParsedModelFile<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file: source.file,
        path: '',
        message: `YAML syntax error: ${firstLine(e.message)}`,
        line: e.linePos?.[0].line,
      })),
    };
  }
  const lineOf: LineOf = (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return undefined;
  };
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return { ok: false, problems: [{ file: source.file, path: '', message: 'the file is empty' }] };
  const result = schema.safeParse(data, { error: explainMissing });
  if (result.success) return { ok: true, value: result.data, lineOf };
  return {
    ok: false,
    data,
    lineOf,
    problems: result.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      return {
        file: source.file,
        path: formatPath(issue.path),
        message: issue.message,
        line: lineOf(keys[0] !== undefined ? [...issue.path, keys[0]] : issue.path),
      };
    }),
  };
}

/** Zod's default for a missing field is "expected string, received undefined"; say "missing" instead. */
function explainMissing(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input !== undefined) return undefined;
  if (issue.code === 'invalid_type') return `missing: expected ${issue.expected}`;
  if (issue.code === 'invalid_value') return `missing: expected one of ${issue.values.map((v) => JSON.stringify(v)).join('|')}`;
  return undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
