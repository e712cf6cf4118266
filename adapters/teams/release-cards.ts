import type { ReleaseService } from '../../src/app/release-service.js';
import { isTerminal, type Release } from '../../src/domain/release-schema.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AdaptiveCard } from './cards/card-types.js';
import { parseStoredRef, threadOf } from './conversation-ref.js';
import type { IncomingActivity } from './incoming-activity.js';
import { CoalescingRunner } from './coalescing-runner.js';
import { KeyedLock } from './keyed-lock.js';
import { releaseMessages, SUMMARY_KEY } from './release-messages.js';
import type { TeamsConnector } from './teams-connector.js';

const SENT_CACHE_LIMIT = 5_000;

/**
 * Owns a release's messages in Teams: posts them once, and brings them up to date after every change,
 * from the stored release (never from the event that caused the change).
 */
export class ReleaseCards {
  private readonly runner = new CoalescingRunner();
  private readonly lock = new KeyedLock();
  /** What each message shows now, so an update that changes nothing is not sent. */
  private readonly lastSent = new Map<string, string>();

  constructor(
    private readonly service: ReleaseService,
    private readonly connector: TeamsConnector,
    private readonly timeZone: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Posts whatever messages of the release are missing, in order, recording each id as it goes so a retry
   * (Teams redelivering the same click) posts nothing twice. The summary may reuse the form's message.
   */
  async publish(releaseId: string, summaryMessageId?: string): Promise<Release> {
    return this.lock.with(releaseId, async () => {
      let release = await this.service.get(releaseId);
      const ref = parseStoredRef(release.location.conversationRef, releaseId);
      const messageIds = { ...release.location.messageIds };
      for (const { key, card } of releaseMessages(this.service.view(release), this.timeZone)) {
        if (messageIds[key]) continue;
        if (key === SUMMARY_KEY && summaryMessageId) {
          await this.connector.update(ref, summaryMessageId, { card });
          messageIds[key] = summaryMessageId;
        } else {
          messageIds[key] = await this.connector.post(ref, { card });
        }
        this.remember(messageIds[key]!, card);
        release = await this.service.setLocation(releaseId, { messageIds: { ...messageIds } });
      }
      return release;
    });
  }

  /** Brings every posted message of the release up to date. Never throws: the action itself already succeeded. */
  sync(releaseId: string): Promise<void> {
    return this.runner.run(releaseId, async () => {
      try {
        const release = await this.service.get(releaseId);
        if (release.location.surface !== 'teams') return;
        const ref = parseStoredRef(release.location.conversationRef, releaseId);
        const messages = releaseMessages(this.service.view(release), this.timeZone);
        await Promise.all(
          messages.map(async ({ key, card }) => {
            const messageId = release.location.messageIds[key];
            if (!messageId || this.lastSent.get(messageId) === JSON.stringify(card)) return;
            await this.connector.update(ref, messageId, { card });
            this.remember(messageId, card);
          }),
        );
      } catch (error) {
        this.logger.error('Could not update the release cards in Teams', { releaseId, error });
      }
    });
  }

  /** The current card for one of the release's messages (the one a person clicked), if it is one of them. */
  cardForMessage(release: Release, messageId: string | undefined): AdaptiveCard | undefined {
    const key = Object.entries(release.location.messageIds).find(([, id]) => id === messageId)?.[0];
    if (!key) return undefined;
    return releaseMessages(this.service.view(release), this.timeZone).find((m) => m.key === key)?.card;
  }

  /** The card showing a step, by its number, for clicks on copies we no longer track. */
  cardForStep(release: Release, stepNumber: number | undefined): AdaptiveCard | undefined {
    const messages = releaseMessages(this.service.view(release), this.timeZone);
    return (stepNumber === undefined ? undefined : messages.find((m) => m.stepNumbers.includes(stepNumber)))?.card ?? messages[0]?.card;
  }

  /**
   * Teams may move a conversation to another service URL (another region); Microsoft asks bots to use the latest.
   * When someone acts from the release's own conversation with a new one, the stored reference follows.
   */
  async adoptServiceUrl(releaseId: string, incoming: IncomingActivity): Promise<void> {
    try {
      const release = await this.service.get(releaseId);
      if (release.location.surface !== 'teams') return;
      const ref = parseStoredRef(release.location.conversationRef, releaseId);
      const sameConversation = ref.conversation.id === threadOf(incoming).conversationId;
      if (!sameConversation || ref.serviceUrl === incoming.serviceUrl || isTerminal(release.status)) return;
      await this.service.setLocation(releaseId, { conversationRef: { ...ref, serviceUrl: incoming.serviceUrl } });
    } catch (error) {
      this.logger.warn('Could not record the new Teams service URL', { releaseId, error });
    }
  }

  /** Resolves once a publish under way for the release has finished, so reminders follow the checklist. */
  published(releaseId: string): Promise<void> {
    return this.lock.with(releaseId, async () => undefined);
  }

  idle(): Promise<void> {
    return this.runner.idle();
  }

  private remember(messageId: string, card: AdaptiveCard): void {
    if (this.lastSent.size >= SENT_CACHE_LIMIT) this.lastSent.delete(this.lastSent.keys().next().value!);
    this.lastSent.set(messageId, JSON.stringify(card));
  }
}
