import { Activity } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import { z } from 'zod';
import { reportUnexpected } from '../../src/index.js';
import { CARD_CONTENT_TYPE } from './cards/card-types.js';
import { plain } from './cards/elements.js';
import { welcomeCard } from './cards/welcome-card.js';
import { handleClick, type ClickResult } from './handle-click.js';
import { commandText } from './command-text.js';
import { adaptiveCardInvokeSchema, type IncomingActivity } from './incoming-activity.js';
import { renderOutcome, type Reply } from './render-outcome.js';
import type { SeenIds } from './seen-ids.js';
import { toActivity } from './teams-connector.js';
import type { TeamsDeps } from './teams-deps.js';
import { originOf } from './teams-origin.js';
import { withRetry } from './with-retry.js';

const submitValue = z.record(z.string(), z.unknown());

/** Replies in the current turn (into the thread of the message being answered), with throttling retries. */
async function send(context: TurnContext, reply: Reply): Promise<void> {
  await withRetry(() => context.sendActivity(toActivity(reply)));
}

async function invokeResponse(context: TurnContext, reply: Reply): Promise<void> {
  const body = 'card' in reply
    ? { statusCode: 200, type: CARD_CONTENT_TYPE, value: reply.card }
    : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: plain(reply.text, 4000) };
  await context.sendActivity(Activity.fromObject({ type: 'invokeResponse', value: { status: 200, body } }));
}

/** Anything thrown outside the core (a card payload that does not parse, a render bug) is logged under a ref. */
async function guarded<T extends { reply: Reply }>(deps: TeamsDeps, incoming: IncomingActivity, work: () => Promise<T>): Promise<T | { reply: Reply }> {
  try {
    return await work();
  } catch (error) {
    const where = { surface: 'teams', activityId: incoming.id, type: incoming.type, conversationId: incoming.conversation.id };
    return { reply: { text: reportUnexpected(error, deps.core.logger, where).message } };
  }
}

/** A message to the bot: the core reads the command, the reply is drawn from its outcome. */
async function handleText(deps: TeamsDeps, activity: IncomingActivity): Promise<Reply> {
  const origin = originOf(activity, deps.roster);
  const outcome = await deps.core.dispatcher.dispatchText(commandText(activity), origin);
  deps.publisher.afterOutcome(outcome, origin);
  return renderOutcome(outcome, { timeZone: deps.timeZone, questions: deps.core.service.questions() });
}

/** One turn: a card click, the bot joining a conversation, or a message to the bot. */
export async function handleTurn(deps: TeamsDeps, seen: SeenIds, context: TurnContext, incoming: IncomingActivity): Promise<void> {
  if (incoming.type === 'invoke') {
    if (incoming.name !== 'adaptiveCard/action') {
      await context.sendActivity(Activity.fromObject({ type: 'invokeResponse', value: { status: 200 } }));
      return;
    }
    const parsed = adaptiveCardInvokeSchema.safeParse(incoming.value);
    if (!parsed.success) return invokeResponse(context, { text: 'That card action arrived without its data; please try again.' });
    const verb = parsed.data.action.verb ?? String(parsed.data.action.data?.['verb'] ?? '');
    // Redelivered invokes are answered again: the store's delivery key keeps them from changing anything twice.
    const { reply } = await guarded(deps, incoming, () => handleClick(deps, verb, parsed.data.action.data ?? {}, incoming));
    return invokeResponse(context, reply);
  }

  if (incoming.type === 'conversationUpdate') {
    const botAdded = incoming.membersAdded?.some((m) => m.id === incoming.recipient.id);
    if (botAdded && seen.firstTime(incoming.id)) await send(context, { card: welcomeCard(incoming.conversation.conversationType === 'personal') });
    return;
  }

  if (incoming.type !== 'message' || !seen.firstTime(incoming.id)) return;
  const value = submitValue.safeParse(incoming.value);
  if (value.success && !incoming.text?.trim()) {
    // Action.Submit, the fallback for clients without Universal Actions: the card is updated in place.
    const result: ClickResult = await guarded(deps, incoming, () => handleClick(deps, String(value.data['verb'] ?? ''), value.data, incoming));
    // A recorded change reaches the clicked message with the release's own update; drawing it here would send it twice.
    if (result.outcome?.kind === 'done' && result.outcome.changed) return;
    const { reply } = result;
    if ('card' in reply && incoming.replyToId) await withRetry(() => context.updateActivity(toActivity(reply, incoming.replyToId)));
    else await send(context, reply);
    return;
  }
  await send(context, (await guarded(deps, incoming, async () => ({ reply: await handleText(deps, incoming) }))).reply);
}
