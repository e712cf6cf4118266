import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { appHomeOpenedSchema } from '../../payloads/slack-payloads.js';
import { publishHome } from '../../publish-home.js';

/** Publishing is idempotent, so a retried event (X-Slack-Retry-Num) just publishes the same Home again. */
export function appHomeOpened(deps: SlackDeps) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    const parsed = appHomeOpenedSchema.parse(event);
    if (parsed.tab && parsed.tab !== 'home') return;
    await publishHome(deps, parsed.user);
  };
}
