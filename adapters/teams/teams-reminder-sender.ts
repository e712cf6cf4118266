import type { Release, ReminderMessage, ReminderSender } from '../../src/index.js';
import { reminderCard } from './cards/reminder-card.js';
import { parseStoredRef } from './conversation-ref.js';
import type { ReleasePublisher } from './release-publisher.js';
import type { TeamsConnector } from './teams-connector.js';

/**
 * Posts reminders proactively into the release's reply chain from the stored conversation reference, so
 * they arrive after restarts too. Throws when Teams did not take the message; the scheduler retries.
 */
export class TeamsReminderSender implements ReminderSender {
  constructor(
    private readonly connector: TeamsConnector,
    private readonly publisher: ReleasePublisher,
    private readonly timeZone: string,
  ) {}

  async deliver(message: ReminderMessage, release: Release): Promise<void> {
    // An overdue reminder fires as the release starts: let its summary and checklist land first.
    await this.publisher.published(release.id);
    const ref = parseStoredRef(release.location.conversationRef, release.id);
    await this.connector.post(ref, { card: reminderCard(message, this.timeZone) });
  }
}
