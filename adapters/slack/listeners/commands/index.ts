import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { releaseCommand } from './release-command.js';

export const SLASH_COMMAND = '/release';

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, releaseCommand(deps));
}
