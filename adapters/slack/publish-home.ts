import type { Origin, Release } from '../../src/index.js';
import type { SlackDeps } from './slack-deps.js';
import { renderHomeView } from './render/home-view.js';
import { slackUserId } from './render/mrkdwn.js';

/**
 * Permalinks to each release's Slack thread, by release id: "https://team.slack.com/archives/C123/p1700000000000100".
 * Empty when the workspace URL is unknown (auth.test did not say) or a release has no thread yet.
 */
export function threadLinks(workspaceUrl: string | undefined, releases: Release[]): Record<string, string> {
  if (!workspaceUrl) return {};
  const base = workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`;
  const links: Record<string, string> = {};
  for (const r of releases) {
    const { surface, channelId, threadId } = r.location;
    if (surface === 'slack' && threadId) links[r.id] = `${base}archives/${channelId}/p${threadId.replace('.', '')}`;
  }
  return links;
}

/**
 * Renders and publishes one person's App Home (`home` is where they are: their Home in their workspace): the releases
 * they may reach from there, as the core lists them, and their open steps in those. `notice` is mrkdwn.
 */
export async function publishHome(deps: SlackDeps, home: Origin, notice?: string): Promise<void> {
  const listed = await deps.core.dispatcher.dispatch({ kind: 'list' }, home);
  const [releases, views] = listed.kind === 'list' ? [listed.releases, listed.views] : [[], []];
  const reachable = new Set(releases.map((r) => r.id));
  const mine = (await deps.core.service.openStepsFor(home.actor)).filter((m) => reachable.has(m.release.id));
  const view = renderHomeView({ mine, active: views, links: threadLinks(deps.workspaceUrl, releases), ...(notice ? { notice } : {}) }, deps.timeZone);
  await deps.client.views.publish({ user_id: slackUserId(home.actor) ?? '', view });
}
