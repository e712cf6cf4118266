import type { Actor } from '../../src/index.js';
import type { SlackDeps } from './slack-deps.js';
import { slackActor } from './slack-actor.js';

/** A Slack user as an Actor with a readable name; the id alone when users.info fails (the mention still works). */
export async function lookUpUser(deps: Pick<SlackDeps, 'client' | 'logger'>, userId: string): Promise<Actor> {
  try {
    const res = await deps.client.users.info({ user: userId });
    const name = res.user?.profile?.display_name || res.user?.real_name || res.user?.name;
    return slackActor({ id: userId, ...(name ? { name } : {}) });
  } catch (error) {
    deps.logger.warn('users.info failed; using the user id as the name', { user: userId, error });
    return slackActor({ id: userId });
  }
}
