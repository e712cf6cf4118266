import type { ReleaseService } from '../../src/app/release-service.js';
import type { Logger } from '../../src/logging/logger.js';
import type { ReportService } from '../../src/report/report-service.js';
import type { AdaptiveCard } from './cards/card-types.js';
import type { ReleaseCards } from './release-cards.js';
import type { TeamsConnector } from './teams-connector.js';

/** What the Teams handlers need, built once in startTeams. */
export interface TeamsDeps {
  service: ReleaseService;
  reports: ReportService;
  cards: ReleaseCards;
  connector: TeamsConnector;
  timeZone: string;
  logger: Logger;
}

/** The result of a card button: a card to show in place of the clicked one, or a short message for the clicker. */
export type ActionOutcome = { card: AdaptiveCard } | { message: string };
