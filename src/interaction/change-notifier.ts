import type { Actor } from '../domain/actor.js';
import type { Phrase } from '../domain/phrase.js';
import type { Release } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import type { ChecklistView } from '../view/checklist-view.js';
import type { Origin } from './origin.js';

export type ChangeKind = 'create' | 'step' | 'deploy' | 'reschedule' | 'cancel' | 'close' | 'decide';

/** A stored change, as every surface hears of it: the release as stored after it, and who did what from where. */
export interface ChangeEvent {
  kind: ChangeKind;
  release: Release;
  view: ChecklistView;
  actor: Actor;
  message: Phrase;
  origin: Origin;
  /** Say it in the release's thread (the one announce rule, decided by the core for every surface). */
  announce: boolean;
}

/** A surface's side of the port: bring its messages in line with the release, and announce when asked. */
export type ChangeListener = (event: ChangeEvent) => Promise<void> | void;

/**
 * The after-change port. The dispatcher publishes each stored change once; every subscribed surface hears of it
 * and updates its own messages in the background, so the person's answer never waits for another surface.
 */
export class ChangeNotifier {
  private readonly listeners = new Set<ChangeListener>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: ChangeEvent): void {
    for (const listener of this.listeners) {
      const run = (async () => listener(event))().catch((error: unknown) =>
        this.logger.error('a surface could not catch up with a change', { releaseId: event.release.id, kind: event.kind, error }),
      );
      this.pending.add(run);
      void run.finally(() => this.pending.delete(run));
    }
  }

  /** Resolves when every listener has finished with every change published so far (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
