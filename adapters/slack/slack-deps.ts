import type { webApi } from '@slack/bolt';
import type { Core, Logger } from '../../src/index.js';
import type { ReleasePublisher } from './release-publisher.js';
import type { PendingAnswers } from './pending-answers.js';
import type { SlackDirectory } from './slack-directory.js';

/** What every listener needs; built once in start-slack.ts. */
export interface SlackDeps {
  core: Core;
  /** For answers to people (modals, ephemerals, Home, users.info); message upkeep has a client of its own. */
  client: webApi.WebClient;
  publisher: ReleasePublisher;
  pending: PendingAnswers;
  directory: SlackDirectory;
  timeZone: string;
  logger: Logger;
  /** The workspace's base URL from auth.test ("https://team.slack.com/"), for thread permalinks. */
  workspaceUrl?: string;
}
