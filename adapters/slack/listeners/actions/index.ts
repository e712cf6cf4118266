import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { ACTION } from '../../render/step-blocks.js';
import { stepButton } from './step-button.js';
import { stepMenu } from './step-menu.js';
import { releaseButton } from './release-button.js';
import { RELEASE_ACTION } from '../../render/release-actions.js';

export function registerActions(app: App, deps: SlackDeps): void {
  app.action(new RegExp(`^(${ACTION.done}|${ACTION.undo}):`), stepButton(deps));
  app.action(new RegExp(`^${ACTION.more}:`), stepMenu(deps));
  app.action(new RegExp(`^(${Object.values(RELEASE_ACTION).join('|')})$`), releaseButton(deps));
}
