import {
  isTerminal,
  phraseText,
  RenderCoalescer,
  type RenderLedger,
  type ChangeEvent,
  type ChatLocation,
  type ChecklistView,
  type Digest,
  type Logger,
  type Origin,
  type Outcome,
  type Release,
  type ReleaseReads,
  type ReminderMessage,
  type ReminderSender,
} from '../../src/index.js';
import type { AdaptiveCard } from './cards/card-types.js';
import { checklistLayout } from './cards/checklist-layout.js';
import { reminderCard } from './cards/reminder-card.js';
import { digestCard } from './cards/digest-card.js';
import { parseStoredRef, storedRefSchema, type StoredRef } from './conversation-ref.js';
import { KeyedLock } from './keyed-lock.js';
import { releaseMessages, SUMMARY_KEY } from './release-messages.js';
import type { TeamsConnector } from './teams-connector.js';

export interface PublisherDeps {
  service: ReleaseReads;
  connector: TeamsConnector;
  timeZone: string;
  logger: Logger;
  /** Where every instance compares-and-sets what each card shows, so none overwrites a newer card with an older one. */
  renders: RenderLedger;
}

const samePlace = (place: Origin['place'], location: ChatLocation) =>
  place.surface === location.surface && place.channelId === location.channelId && (place.threadId ?? '') === (location.threadId ?? '');

/**
 * Teams may move a conversation to another service URL (another region) and asks bots to use the latest: the
 * activity that caused a change carries it, when it came from the release's own conversation.
 */
function freshestRef(release: Release, origin: Origin): StoredRef {
  const stored = parseStoredRef(release.location.conversationRef, release.id);
  const here = storedRefSchema.safeParse(origin.place.ref);
  return here.success && here.data.conversation.id === stored.conversation.id ? { ...stored, serviceUrl: here.data.serviceUrl } : stored;
}

/**
 * Keeps a release's Teams messages in line with the store, in the background of the click or command that
 * changed it: posts them once when the release starts, redraws every one after each change (bursts folded by the
 * core's coalescer, newest revision wins) and says release-level changes in the release's thread. Reminders go into
 * the same thread from the stored conversation reference, so they arrive after restarts too.
 */
const TEAMS_ID = 'teams:';

/** A channel reference without a reply chain: the next post starts one. */
function startsChain(ref: StoredRef): boolean {
  return ref.conversation.conversationType === 'channel' && !ref.conversation.id.includes(';messageid=');
}

function withRoot(ref: StoredRef, rootId: string): StoredRef {
  return { ...ref, conversation: { ...ref.conversation, id: `${ref.conversation.id};messageid=${rootId}` } };
}

export class ReleasePublisher implements ReminderSender {
  private readonly lock = new KeyedLock();
  private readonly coalescer: RenderCoalescer;
  private readonly background = new Set<Promise<void>>();

  constructor(private readonly deps: PublisherDeps) {
    this.coalescer = new RenderCoalescer((messageId, error) => deps.logger.error('Could not update a release card in Teams', { messageId, error }), deps.renders);
  }

  /** The one listener on the core's notifier. */
  readonly onChange = async (event: ChangeEvent): Promise<void> => {
    const { release } = event;
    if (release.location.surface !== 'teams') return;
    const ref = freshestRef(release, event.origin);
    // Taken before the first await, so a reminder that falls due at once waits for the cards (see deliver()).
    if (event.kind === 'create') await this.publish(release.id, event.origin.messageId, ref);
    // A card never posted (a post that failed, or a part the checklist layout gained since) is posted with the next change.
    else if (event.view.actionable && this.missingCards(release, event.view)) await this.publish(release.id, undefined, ref);
    else await this.redraw(release, event.view, ref);
    // A command typed in the release's own thread is answered there with these words already.
    const typedInThread = !event.origin.messageId && samePlace(event.origin.place, release.location);
    if (event.announce && !typedInThread) await this.announce(ref, release.id, phraseText(event.message));
  };

  /**
   * After a click or command: follow a moved service URL, and post whatever cards of the release are missing when
   * a retried start changed nothing (the first delivery may have died before its cards were out).
   */
  afterOutcome(outcome: Outcome, origin: Origin): void {
    if ((outcome.kind !== 'done' && outcome.kind !== 'checklist') || outcome.release.location.surface !== 'teams') return;
    this.adoptServiceUrl(outcome.release, origin);
    if (outcome.kind === 'done' && !outcome.changed && outcome.view.actionable && this.missingCards(outcome.release, outcome.view)) {
      this.inBackground(this.publish(outcome.release.id, origin.messageId));
    }
  }

  /** Throws when Teams did not take the reminder; the scheduler retries. */
  async deliver(message: ReminderMessage, release: Release): Promise<void> {
    // An overdue reminder fires as the release starts: its summary and checklist land first.
    await this.lock.with(release.id, async () => undefined);
    await this.deps.connector.post(parseStoredRef(release.location.conversationRef, release.id), { card: reminderCard(message, this.deps.timeZone) });
  }

  /** In the person's personal chat with the bot, reached through the reference of one of their releases. */
  async deliverDigest(digest: Digest): Promise<void> {
    if (!digest.person.id.startsWith(TEAMS_ID)) throw new Error(`${digest.person.name} has no Teams id to send a digest to`);
    const via = parseStoredRef(digest.via.conversationRef, 'digest');
    const chat = await this.deps.connector.personalChat(via, digest.person.id.slice(TEAMS_ID.length));
    await this.deps.connector.post(chat, { card: digestCard(digest, this.deps.timeZone, 'Your daily digest. Type **digest off** to stop it.') });
  }

  async idle(): Promise<void> {
    while (this.background.size) await Promise.all([...this.background]);
    await this.coalescer.idle();
  }

  /**
   * Posts the release's missing messages in order, recording each id as it goes, so a redelivered click posts
   * nothing twice. The summary takes the place of the form it was started from.
   */
  private publish(releaseId: string, formMessageId?: string, ref?: StoredRef): Promise<void> {
    return this.lock.with(releaseId, async () => {
      const { service, connector, timeZone } = this.deps;
      let release = await service.get(releaseId);
      let target = ref ?? parseStoredRef(release.location.conversationRef, releaseId);
      const view = service.view(release);
      const messageIds = { ...release.location.messageIds };
      for (const { key, card } of releaseMessages(view, timeZone)) {
        if (messageIds[key]) continue;
        const reused = key === SUMMARY_KEY ? formMessageId : undefined;
        if (reused) await connector.update(target, reused, { card });
        const id = reused ?? (await connector.post(target, { card }));
        messageIds[key] = id;
        this.coalescer.shown(id, view.rev, JSON.stringify(card));
        // A release a pipeline started in a channel has no reply chain yet: its summary becomes the root, and the
        // checklist, reminders and announcements follow in that chain.
        const rooted = startsChain(target) ? withRoot(target, id) : undefined;
        if (rooted) target = rooted;
        release = await service.setLocation(releaseId, { messageIds: { ...messageIds }, ...(rooted ? { conversationRef: rooted, threadId: id } : {}) });
      }
      // Someone may have clicked the summary while the checklist was still being posted.
      await this.redraw(release, service.view(release), target);
    });
  }

  /**
   * Redraws every posted message from the stored revision, the clicked one included: the invoke reply shows the
   * new card only to the person who clicked (Teams' "replace for interactor"), everyone else sees this update.
   */
  private async redraw(release: Release, view: ChecklistView, ref: StoredRef): Promise<void> {
    let cards: Map<string, AdaptiveCard> | undefined;
    const cardFor = (key: string) => (cards ??= new Map(releaseMessages(view, this.deps.timeZone).map((m) => [m.key, m.card]))).get(key);
    // The card drawn from the release as stored now: sent when this instance's update may have overwritten a newer one.
    const reload = (key: string, messageId: string) => async () => {
      const current = this.deps.service.view(await this.deps.service.get(release.id));
      const card = releaseMessages(current, this.deps.timeZone).find((m) => m.key === key)?.card;
      return card && { rev: current.rev, digest: JSON.stringify(card), send: () => this.deps.connector.update(ref, messageId, { card }) };
    };
    await Promise.all(
      Object.entries(release.location.messageIds).map(([key, messageId]) =>
        this.coalescer.update(messageId, view.rev, () => {
          const card = cardFor(key);
          return card && { rev: view.rev, digest: JSON.stringify(card), send: () => this.deps.connector.update(ref, messageId, { card }) };
        }, reload(key, messageId)),
      ),
    );
  }

  private async announce(ref: StoredRef, releaseId: string, text: string): Promise<void> {
    try {
      await this.deps.connector.post(ref, { text });
    } catch (error) {
      this.deps.logger.warn('Could not post the change into the release thread', { releaseId, error });
    }
  }

  private missingCards(release: Release, view: ChecklistView): boolean {
    return [SUMMARY_KEY, ...checklistLayout(view).map((p) => p.key)].some((key) => !release.location.messageIds[key]);
  }

  /** Records the activity's service URL when it differs from the stored one; never delays the reply. */
  private adoptServiceUrl(release: Release, origin: Origin): void {
    const stored = storedRefSchema.safeParse(release.location.conversationRef);
    const here = storedRefSchema.safeParse(origin.place.ref);
    if (!stored.success || !here.success || isTerminal(release.status)) return;
    if (stored.data.conversation.id !== here.data.conversation.id || stored.data.serviceUrl === here.data.serviceUrl) return;
    const conversationRef = { ...stored.data, serviceUrl: here.data.serviceUrl };
    this.inBackground(this.deps.service.setLocation(release.id, { conversationRef }).then(() => undefined));
  }

  private inBackground(work: Promise<void>): void {
    const run = work.catch((error: unknown) => this.deps.logger.warn('Teams background work failed', { error }));
    this.background.add(run);
    void run.finally(() => this.background.delete(run));
  }
}
