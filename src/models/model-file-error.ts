/** One thing wrong in one model or questions file. */
export interface ModelProblem {
  /** The file as the operator knows it, e.g. "models/major.yaml". */
  file: string;
  /** Where inside the file, e.g. "steps[3].owner"; empty for the file as a whole. */
  path: string;
  message: string;
  line?: number;
}

/** Startup stops on this: it lists every problem in every file, so one run shows all there is to fix. */
export class ModelFileError extends Error {
  constructor(readonly problems: readonly ModelProblem[]) {
    super(
      `Release models could not be loaded (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ModelFileError';
  }
}

export function formatProblem(p: ModelProblem): string {
  const where = p.path ? `${p.file}: ${p.path}` : p.file;
  return `${where}: ${p.message}${p.line !== undefined ? ` (line ${p.line})` : ''}`;
}

/** ["steps", 3, "owner"] → "steps[3].owner". */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
