import { Activity } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import { z } from 'zod';
import { CARD_CONTENT_TYPE } from './cards/card-types.js';
import { welcomeCard } from './cards/info-cards.js';
import { handleCardAction } from './card-actions.js';
import { describeError } from './describe-error.js';
import { adaptiveCardInvokeSchema, type IncomingActivity } from './incoming-activity.js';
import type { SeenIds } from './seen-ids.js';
import { toActivity, type OutgoingMessage } from './teams-connector.js';
import type { ActionOutcome, TeamsDeps } from './teams-deps.js';
import { handleText } from './text-commands.js';
import { withRetry } from './with-retry.js';

const submitValue = z.record(z.string(), z.unknown());

/** Replies in the current turn (into the thread of the message being answered), with throttling retries. */
async function reply(context: TurnContext, message: OutgoingMessage): Promise<void> {
  await withRetry(() => context.sendActivity(toActivity(message)));
}

async function invokeResponse(context: TurnContext, outcome: ActionOutcome): Promise<void> {
  const body = 'card' in outcome
    ? { statusCode: 200, type: CARD_CONTENT_TYPE, value: outcome.card }
    : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: outcome.message };
  await context.sendActivity(Activity.fromObject({ type: 'invokeResponse', value: { status: 200, body } }));
}

/** One turn: routes the activity Teams sent to the text commands, the card actions or the welcome. */
export async function handleTurn(deps: TeamsDeps, seen: SeenIds, context: TurnContext, incoming: IncomingActivity): Promise<void> {
  const where = { activityId: incoming.id, type: incoming.type, conversationId: incoming.conversation.id };
  if (incoming.type === 'invoke') {
    if (incoming.name !== 'adaptiveCard/action') {
      await context.sendActivity(Activity.fromObject({ type: 'invokeResponse', value: { status: 200 } }));
      return;
    }
    const parsed = adaptiveCardInvokeSchema.safeParse(incoming.value);
    let outcome: ActionOutcome;
    if (!parsed.success) outcome = { message: 'That card action arrived without its data; please try again.' };
    else {
      const verb = parsed.data.action.verb ?? String(parsed.data.action.data?.['verb'] ?? '');
      try {
        outcome = await handleCardAction(deps, { verb, data: parsed.data.action.data ?? {}, incoming, ...(incoming.replyToId ? { messageId: incoming.replyToId } : {}) });
      } catch (error) {
        outcome = { message: describeError(error, deps.logger, where) };
      }
    }
    await invokeResponse(context, outcome);
    return;
  }

  if (incoming.type === 'conversationUpdate') {
    const botAdded = incoming.membersAdded?.some((m) => m.id === incoming.recipient.id);
    if (botAdded && seen.firstTime(incoming.id)) await reply(context, { card: welcomeCard(incoming.conversation.conversationType === 'personal') });
    return;
  }

  if (incoming.type !== 'message' || !seen.firstTime(incoming.id)) return;
  try {
    const value = submitValue.safeParse(incoming.value);
    if (value.success && !incoming.text?.trim()) {
      // Action.Submit (the fallback for clients without Universal Actions): the card is updated in place.
      const verb = String(value.data['verb'] ?? '');
      const outcome = await handleCardAction(deps, { verb, data: value.data, incoming, ...(incoming.replyToId ? { messageId: incoming.replyToId } : {}) });
      if ('card' in outcome && incoming.replyToId) await withRetry(() => context.updateActivity(toActivity({ card: outcome.card }, incoming.replyToId)));
      else await reply(context, 'card' in outcome ? { card: outcome.card } : { text: outcome.message });
      return;
    }
    for (const message of await handleText(deps, incoming)) await reply(context, message);
  } catch (error) {
    await reply(context, { text: describeError(error, deps.logger, where) });
  }
}
