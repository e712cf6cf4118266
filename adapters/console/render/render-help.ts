import type { HelpEntry } from '../../../src/app/help.js';

/** The console's own commands, which exist only here (who you are, leaving). */
const CONSOLE_ONLY: HelpEntry[] = [
  { command: 'as <name>', description: 'Switch who you are, to try completion tracking as several people.', example: '/as bob' },
  { command: 'exit', description: 'Leave the console (Ctrl-D does the same).', example: 'exit' },
];

const WIDTH = 30;

/** Help as aligned "command — description (e.g. example)" lines; a topic narrows it to matching commands. */
export function renderHelp(entries: readonly HelpEntry[], topic?: string, intro?: string): string {
  const all = [...entries.filter((e) => !/^\/?as\b/.test(e.command)), ...CONSOLE_ONLY];
  const wanted = topic ? all.filter((e) => e.command.toLowerCase().includes(topic.toLowerCase())) : all;
  if (wanted.length === 0) return `No command matches "${topic}". Type "help" for all commands.`;
  const lines = intro && !topic ? [intro, ''] : [];
  lines.push('Commands (the current release is the last one started or shown; add R-n to pick another):');
  for (const e of wanted) {
    const text = `${e.description} e.g. "${e.example}"`;
    // Long commands take a line of their own, so descriptions stay in one readable column.
    if (e.command.length <= WIDTH) lines.push(`  ${e.command.padEnd(WIDTH)}  ${text}`);
    else lines.push(`  ${e.command}`, `  ${''.padEnd(WIDTH)}  ${text}`);
  }
  return lines.join('\n');
}
