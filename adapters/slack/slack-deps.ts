import type { webApi } from '@slack/bolt';
import type { ReleaseService } from '../../src/app/release-service.js';
import type { Logger } from '../../src/logging/logger.js';
import type { ReportService } from '../../src/report/report-service.js';
import type { ReleasePublisher } from './release-publisher.js';
import type { PendingAnswers } from './pending-answers.js';

/** What every listener needs; built once in start-slack.ts. */
export interface SlackDeps {
  service: ReleaseService;
  reports: ReportService;
  client: webApi.WebClient;
  publisher: ReleasePublisher;
  pending: PendingAnswers;
  timeZone: string;
  logger: Logger;
  /** The workspace's base URL from auth.test ("https://team.slack.com/"), for thread permalinks. */
  workspaceUrl?: string;
}
