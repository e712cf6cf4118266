import type { Actor } from '../domain/actor.js';
import type { ChatLocation, Surface } from '../domain/release-schema.js';

/** Where a command was typed or a button clicked. */
export interface Place {
  surface: Surface;
  /** The Slack team or enterprise, or the Teams tenant; absent on the console. */
  workspaceId?: string;
  /** The channel or chat ("console" for the console). */
  channelId: string;
  /** The thread inside it (a Slack thread ts, a Teams reply chain's root), when there is one. */
  threadId?: string;
  /** What the surface needs to post here later, kept with a release started here (a Teams conversation reference). */
  ref?: Record<string, unknown>;
}

/** Who acts, from where, and the platform's delivery id of this event (a retry carries the same one). */
export interface Origin {
  actor: Actor;
  place: Place;
  deliveryKey?: string;
  /** The message that was clicked, when the surface answers the click by redrawing it in place (a Teams invoke). */
  messageId?: string;
  /**
   * Who a person typed in a command is ("<@U123>", a Teams <at> mention), as the surface knows them; undefined when
   * the text names nobody the surface can identify. The core then falls back to "me" and names it already knows.
   */
  identify?: (typed: string) => Promise<Actor | undefined>;
  /**
   * Whether the person can see the channel a release lives in, when they act from elsewhere in its workspace (a DM,
   * App Home, a personal chat). The surface asks its platform (channel members, the conversation roster).
   */
  canSee?: (location: ChatLocation) => Promise<boolean>;
  /**
   * A pipeline token's reach: releases in this surface's workspace (a Slack team, a Teams tenant). Without it a
   * pipeline reaches the releases that live in the API and those it started itself.
   */
  scope?: { surface: Surface; workspaceId: string };
}
