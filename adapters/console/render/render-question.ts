import type { Question } from '../../../src/index.js';

/** A question as asked in the terminal: "? [2/7] …" with numbered choices and the expected form. */
export function renderQuestion(q: Question, position: number, total: number, timeZone: string): string {
  const optional = q.required ? '' : ' (optional: press Enter to skip)';
  const lines = [`? [${position}/${total}] ${q.label}${q.type === 'boolean' ? ' [y/n]' : ''}${optional}`];
  if (q.help) lines.push(`  ${q.help}`);
  if (q.type === 'choice') {
    q.options.forEach((o, i) => lines.push(`    ${i + 1}) ${o.label}`));
    lines.push('  Type a number or the option.');
  }
  if (q.type === 'datetime') lines.push(`  Format: YYYY-MM-DD HH:MM (${timeZone}), or an ISO-8601 time with offset.`);
  return lines.join('\n');
}
