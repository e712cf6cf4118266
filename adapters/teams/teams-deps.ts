import type { Core } from '../../src/index.js';
import type { ReleasePublisher } from './release-publisher.js';

/** What the Teams handlers need, built once in startTeams. */
export interface TeamsDeps {
  core: Core;
  publisher: ReleasePublisher;
  timeZone: string;
}
