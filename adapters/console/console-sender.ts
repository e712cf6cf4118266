import type { ReminderSender } from '../../src/index.js';
import type { ConsoleOutput } from './console-output.js';
import { renderReminder } from './render/render-reminder.js';
import { renderDigest } from './render/render-digest.js';

/** Reminders for console releases print where the person is typing. */
export function consoleSender(out: ConsoleOutput, timeZone: string): ReminderSender {
  return {
    async deliver(message) {
      // Throwing lets the scheduler retry and then give up visibly, rather than marking a lost reminder as sent.
      if (!out.writable) throw new Error('the console output is closed');
      out.interrupt(renderReminder(message, timeZone));
    },
    async deliverDigest(digest) {
      if (!out.writable) throw new Error('the console output is closed');
      out.interrupt([`📋 Daily digest for ${digest.person.name}`, ...renderDigest(digest, { timeZone, now: new Date() })].join('\n'));
    },
  };
}
