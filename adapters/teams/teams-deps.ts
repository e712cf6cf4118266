import type { Core } from '../../src/index.js';
import type { ReleasePublisher } from './release-publisher.js';
import type { TeamsRoster } from './teams-roster.js';

/** What the Teams handlers need, built once in startTeams. */
export interface TeamsDeps {
  core: Core;
  publisher: ReleasePublisher;
  roster: TeamsRoster;
  timeZone: string;
}
