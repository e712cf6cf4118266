import { CARD_VERB } from './card-verbs.js';

/**
 * The small slice of Adaptive Card 1.5 this bot draws. Typed loosely on purpose: the JSON schema test
 * (test/teams/card-schema.test.ts) is the authority on shape, these types only catch typos early.
 */
export type CardElement = { type: string; id?: string; [key: string]: unknown };
export type CardAction = { type: 'Action.Execute' | 'Action.Submit' | 'Action.ShowCard' | 'Action.OpenUrl'; title: string; [key: string]: unknown };

export interface TeamsMention {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: { action: CardAction; userIds: string[] };
  msteams?: { width?: 'Full'; entities?: TeamsMention[] };
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Teams counts a message in UTF-16, two bytes a character: a card of 28 KB in UTF-8 is 57 KB to Teams. Every card
 * stays under this many bytes so counted, with room for the activity around it; the card tests check the worst case.
 */
export const MAX_CARD_BYTES = 40_000;

export function card(body: CardElement[], actions: CardAction[] = [], entities: TeamsMention[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full', ...(entities.length ? { entities } : {}) },
  };
}

/**
 * Lets a person fetch the card again ("Refresh card" in the message's ⋯ menu): the bot answers with the card
 * drawn from the stored release, so a missed update can always be caught up. `userIds: []` turns off Teams'
 * automatic refresh, which in chats of up to 60 people would call the bot for every viewer on every view.
 */
export function withRefresh(c: AdaptiveCard, releaseId: string): AdaptiveCard {
  return { ...c, refresh: { action: { type: 'Action.Execute', title: 'Refresh', verb: CARD_VERB.refresh, data: { verb: CARD_VERB.refresh, releaseId } }, userIds: [] } };
}

export function cardBytes(c: AdaptiveCard): number {
  return JSON.stringify(c).length * 2;
}
