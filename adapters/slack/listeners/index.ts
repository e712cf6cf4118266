import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { registerCommands } from './commands/index.js';
import { registerActions } from './actions/index.js';
import { registerViews } from './views/index.js';
import { registerEvents } from './events/index.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
}
