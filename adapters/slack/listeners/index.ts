import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { appHomeOpenedSchema } from '../payloads/slack-payloads.js';
import { publishHome } from '../publish-home.js';
import { slackOrigin } from '../slack-origin.js';
import { slackActor } from '../slack-directory.js';
import { ACTION } from '../render/step-blocks.js';
import { RELEASE_ACTION } from '../render/release-actions.js';
import { QUESTIONS_CALLBACK } from '../render/question-modal.js';
import { MODEL_CALLBACK } from '../render/model-modal.js';
import { releaseCommand } from './release-command.js';
import { onClick } from './on-click.js';
import { gateButtonIntent, releaseButtonIntent, stepButtonIntent, stepMenuIntent } from './click-intents.js';
import { GATE_ACTION } from '../render/gate-blocks.js';
import { questionsSubmitted } from './views/questions-submitted.js';
import { modelSubmitted } from './views/model-submitted.js';
import { FORMS, formSubmitted } from './views/form-submitted.js';
import { rolesEditClicked, rolesSubmitted } from './roles-listeners.js';
import { ROLES_CALLBACK, ROLES_EDIT_ACTION } from '../render/roles-modal.js';

export const SLASH_COMMAND = '/release';

export function registerListeners(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, releaseCommand(deps));
  app.action(new RegExp(`^(${ACTION.done}|${ACTION.undo}):`), onClick(deps, stepButtonIntent));
  app.action(new RegExp(`^${ACTION.more}:`), onClick(deps, stepMenuIntent));
  app.action(new RegExp(`^(${Object.values(RELEASE_ACTION).join('|')})$`), onClick(deps, releaseButtonIntent));
  app.action(new RegExp(`^(${Object.values(GATE_ACTION).join('|')})$`), onClick(deps, gateButtonIntent));
  app.action(ROLES_EDIT_ACTION, rolesEditClicked(deps));
  app.view(ROLES_CALLBACK, rolesSubmitted(deps));
  app.view(QUESTIONS_CALLBACK, questionsSubmitted(deps));
  app.view(MODEL_CALLBACK, modelSubmitted(deps));
  for (const [callback, spec] of Object.entries(FORMS)) app.view(callback, formSubmitted(deps, spec));
  // Publishing is idempotent, so a retried event (X-Slack-Retry-Num) just publishes the same Home again.
  app.event('app_home_opened', async ({ body }) => {
    const opened = appHomeOpenedSchema.parse(body);
    if (!opened.tab || opened.tab === 'home') await publishHome(deps, slackOrigin(deps, { actor: slackActor({ id: opened.user }), workspaceId: opened.workspaceId }));
  });
}
