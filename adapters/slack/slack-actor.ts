import type { Actor } from '../../src/index.js';

/** Surface-qualified ids keep Slack people apart from console or Teams people with the same name. */
export function slackActor(user: { id: string; name?: string | undefined; username?: string | undefined }): Actor {
  return { id: `slack:${user.id}`, name: user.name || user.username || user.id };
}
