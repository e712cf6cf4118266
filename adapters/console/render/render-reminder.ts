import { formatTime, type ReminderMessage } from '../../../src/index.js';

const TIMING_NOTE: Record<ReminderMessage['timing'], string> = {
  on_time: '',
  late: ' (late: it came due while the bot was down)',
  overdue: ' (overdue: it was already past due when it was planned, at the start or a reschedule)',
};

/** A reminder as a block of terminal text, starting with a bell-like marker tests and people can spot. */
export function renderReminder(message: ReminderMessage, timeZone: string): string {
  const lines = [`⏰ ${message.title}${TIMING_NOTE[message.timing]}`];
  lines.push(`   Due ${formatTime(message.dueAt, timeZone)}`);
  for (const line of message.text.split('\n')) lines.push(`   ${line}`);
  if (message.mentions.length) lines.push(`   For: ${message.mentions.map((m) => `@${m.name}`).join(' ')}`);
  if (message.draft) {
    lines.push('   Draft to copy:');
    for (const line of message.draft.split('\n')) lines.push(`     | ${line}`);
  }
  if (message.exitCriteria?.length) {
    lines.push('   Exit criteria:');
    for (const c of message.exitCriteria) lines.push(`     - ${c}`);
  }
  return lines.join('\n');
}
