import type { CommandSpec } from '../../../src/index.js';

const EXIT: Pick<CommandSpec, 'usage' | 'description' | 'example'> = { usage: 'exit', description: 'Leave the console (Ctrl-D does the same).', example: 'exit' };

const WIDTH = 30;

/** Help as aligned "command — description (e.g. example)" lines. */
export function renderHelp(entries: readonly CommandSpec[], intro?: string, note?: string): string {
  const lines = note ? [note, ''] : intro ? [intro, ''] : [];
  lines.push('Commands (the current release is the last one you started, viewed or changed; add R-n to pick another):');
  for (const e of [...entries, ...(entries.length > 1 ? [EXIT] : [])]) {
    const text = `${e.description} e.g. "${e.example}"`;
    // Long commands take a line of their own, so descriptions stay in one readable column.
    if (e.usage.length <= WIDTH) lines.push(`  ${e.usage.padEnd(WIDTH)}  ${text}`);
    else lines.push(`  ${e.usage}`, `  ${''.padEnd(WIDTH)}  ${text}`);
  }
  return lines.join('\n');
}
