import type { SlackDeps } from '../../slack-deps.js';
import type { BlockAction } from '../../payloads/slack-payloads.js';
import type { StepOrigin } from '../../act-on-step.js';
import { publishHome } from '../../publish-home.js';

/**
 * The delivery key of a click. Slack repeats the whole payload on a redelivery, so the message (or view), the
 * action's own timestamp and the person identify one click; two real clicks always differ in action_ts.
 */
export function clickKey(payload: BlockAction, action: BlockAction['actions'][number]): string {
  const where = payload.container.message_ts ?? payload.container.view_id ?? payload.view?.id ?? 'unknown';
  return `slack:${where}:${action.action_ts}:${payload.user.id}`;
}

export function clickOrigin(deps: SlackDeps, payload: BlockAction): StepOrigin {
  const fromHome = payload.container.type === 'view' && payload.view?.type === 'home';
  const channelId = payload.container.channel_id ?? payload.channel?.id;
  return {
    fromHome,
    userId: payload.user.id,
    ...(channelId ? { channelId } : {}),
    ...(payload.container.thread_ts ? { threadTs: payload.container.thread_ts } : {}),
    ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
    ...(fromHome ? { showInHome: (text: string) => publishHome(deps, payload.user.id, text) } : {}),
  };
}
