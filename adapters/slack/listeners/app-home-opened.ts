import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { appHomeOpenedSchema } from '../payloads/slack-payloads.js';
import { publishHome } from '../publish-home.js';
import { slackOrigin } from '../slack-origin.js';
import { slackActor } from '../slack-directory.js';

/** Publishing is idempotent, so a retried event (X-Slack-Retry-Num) just publishes the same Home again. */
export function appHomeOpened(deps: SlackDeps) {
  return async ({ body }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    const opened = appHomeOpenedSchema.parse(body);
    if (opened.tab && opened.tab !== 'home') return;
    await publishHome(deps, slackOrigin(deps, { actor: slackActor({ id: opened.user }), workspaceId: opened.workspaceId }));
  };
}
