import type { Release } from '../../src/index.js';

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
