import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';

const BOOLEANS: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

/**
 * `--answer key=value`, repeated, into the API's answers. "true"/"yes" and "false"/"no" (any case) become booleans,
 * everything else stays text: choices take option values ("impact=high"), times ISO-8601 or "now", "in 2h".
 */
export function parseAnswers(pairs: readonly string[]): Record<string, string | boolean> {
  const answers: Record<string, string | boolean> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at < 0 ? '' : pair.slice(0, at).trim();
    if (!key) throw new CliError(EXIT.USAGE, `--answer "${pair.slice(0, 80)}" is not key=value, e.g. --answer impact=high.`);
    if (key in answers) throw new CliError(EXIT.USAGE, `--answer ${key} is given twice; give each answer once.`);
    const value = pair.slice(at + 1).trim();
    answers[key] = BOOLEANS[value.toLowerCase()] ?? value;
  }
  return answers;
}
