import type { SlackDeps } from './slack-deps.js';
import { renderHomeView } from './render/home-view.js';
import { threadLinks } from './thread-links.js';

/** Renders and publishes one person's App Home: their open steps, then the active releases. `notice` is mrkdwn. */
export async function publishHome(deps: SlackDeps, userId: string, notice?: string): Promise<void> {
  const { service } = deps.core;
  const actor = { id: `slack:${userId}`, name: userId };
  const [mine, active] = await Promise.all([service.openStepsFor(actor), service.listActive()]);
  const views = active.map((r) => service.view(r));
  await deps.client.views.publish({ user_id: userId, view: renderHomeView({ mine, active: views, links: threadLinks(deps.workspaceUrl, active), ...(notice ? { notice } : {}) }, deps.timeZone) });
}
