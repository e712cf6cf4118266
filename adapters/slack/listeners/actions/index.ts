import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { ACTION } from '../../render/step-blocks.js';
import { RELEASE_ACTION } from '../../render/release-actions.js';
import { onClick } from './on-click.js';
import { releaseButtonIntent, stepButtonIntent, stepMenuIntent } from './click-intents.js';

export function registerActions(app: App, deps: SlackDeps): void {
  app.action(new RegExp(`^(${ACTION.done}|${ACTION.undo}):`), onClick(deps, stepButtonIntent));
  app.action(new RegExp(`^${ACTION.more}:`), onClick(deps, stepMenuIntent));
  app.action(new RegExp(`^(${Object.values(RELEASE_ACTION).join('|')})$`), onClick(deps, releaseButtonIntent));
}
