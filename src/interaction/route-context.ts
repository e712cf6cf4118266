import type { ReleaseService } from '../app/release-service.js';
import type { Logger } from '../logging/logger.js';
import type { PlaceStore } from '../storage/place-store.js';
import type { Clock } from '../domain/clock.js';
import type { ReportService } from '../report/report-service.js';
import type { ChangeNotifier } from './change-notifier.js';
import type { Intent, IntentKind } from './intent.js';
import type { Origin } from './origin.js';
import type { Outcome } from './outcome.js';
import type { CurrentReleases } from './resolve-release.js';

export interface DispatcherDeps {
  service: ReleaseService;
  reports: ReportService;
  notifier: ChangeNotifier;
  logger: Logger;
  /** Team roles per place. */
  places: PlaceStore;
  clock: Clock;
  timeZone: string;
  /** DIGEST_AT, to say when the daily digest goes out; undefined when it is off. */
  digestAt?: { hour: number; minute: number };
}

/** What a route may use: the use cases, the person's current release, and where the intent came from. */
export interface RouteContext extends DispatcherDeps {
  origin: Origin;
  current: CurrentReleases;
}

export type Route<I extends Intent> = (intent: I, ctx: RouteContext) => Promise<Outcome>;

/** One route per intent kind: adding a kind without a route does not compile. */
export type RouteTable = { [K in IntentKind]: Route<Extract<Intent, { kind: K }>> };
