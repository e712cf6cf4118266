import { Activity } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import { z } from 'zod';
import { elapsedMs, reportUnexpected, type Core, type Outcome } from '../../src/index.js';
import { CARD_ROUTES } from './card-routes.js';
import { CARD_CONTENT_TYPE } from './cards/card-types.js';
import { plain } from './cards/elements.js';
import { welcomeCard } from './cards/info-cards.js';
import { commandText } from './command-text.js';
import { adaptiveCardInvokeSchema, type IncomingActivity } from './incoming-activity.js';
import type { ReleasePublisher } from './release-publisher.js';
import { renderOutcome, type Reply } from './render-outcome.js';
import { toActivity } from './teams-connector.js';
import { originOf } from './teams-origin.js';
import type { TeamsRoster } from './teams-roster.js';
import { withRetry } from './with-retry.js';

/** What the Teams handlers need, built once in startTeams. */
export interface TeamsDeps {
  core: Core;
  publisher: ReleasePublisher;
  roster: TeamsRoster;
  timeZone: string;
}

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

interface ClickResult {
  reply: Reply;
  outcome?: Outcome;
}

/**
 * A card button: the route table turns it into an intent, the core decides, and the reply is drawn from the
 * outcome. A refused start, or a rejection without its reason, is drawn as the card it came from, with the core's
 * reason on it (beside the field it names, where the card has that field).
 */
async function handleClick(deps: TeamsDeps, verb: string, data: Record<string, unknown>, activity: IncomingActivity): Promise<ClickResult> {
  const route = CARD_ROUTES.get(verb);
  if (!route) return { reply: { text: `I do not know the button "${verb.slice(0, 40)}". It may come from an older version of this card; type "help".` } };
  const { dispatcher, service } = deps.core;
  const questions = service.questions();
  const request = route({ data, activity, questions });
  const origin = originOf(activity, deps.roster, { clicked: true, ...(request.deliveryKey ? { deliveryKey: request.deliveryKey } : {}) });
  let outcome = await dispatcher.dispatch(request.intent, origin);
  let refusal: { message: string; field?: string } | undefined;
  if (outcome.kind === 'refused' && request.whenRefused && (!request.whenRefusedFields || request.whenRefusedFields.includes(outcome.field ?? ''))) {
    refusal = { message: outcome.message, ...(outcome.field ? { field: outcome.field } : {}) };
    outcome = await dispatcher.dispatch(request.whenRefused, origin);
  }
  deps.publisher.afterOutcome(outcome, origin);
  const click = { ...(activity.replyToId ? { messageId: activity.replyToId } : {}) };
  return {
    outcome,
    reply: renderOutcome(outcome, { timeZone: deps.timeZone, questions, click, ...(request.typed ? { typed: request.typed } : {}), ...(refusal ? { refusal: refusal.message, ...(refusal.field ? { refusalField: refusal.field } : {}) } : {}) }),
  };
}

/** One turn: a card click, the bot joining a conversation, or a message to the bot. */
/** Teams redelivers a slow turn with the same activity id, perhaps to another instance: only the first is handled. */
function firstTime(deps: TeamsDeps, incoming: IncomingActivity): Promise<boolean> {
  return incoming.id ? deps.core.ledgers.deliveries.firstTime(`teams:${incoming.conversation.id}:${incoming.id}`) : Promise.resolve(true);
}

export async function handleTurn(deps: TeamsDeps, context: TurnContext, incoming: IncomingActivity): Promise<void> {
  if (incoming.type === 'invoke') {
    if (incoming.name !== 'adaptiveCard/action') {
      await context.sendActivity(Activity.fromObject({ type: 'invokeResponse', value: { status: 200 } }));
      return;
    }
    const parsed = adaptiveCardInvokeSchema.safeParse(incoming.value);
    if (!parsed.success) return invokeResponse(context, { text: 'That card action arrived without its data; please try again.' });
    const clicked = performance.now();
    const verb = parsed.data.action.verb ?? String(parsed.data.action.data?.['verb'] ?? '');
    // Redelivered invokes are answered again: the store's delivery key keeps them from changing anything twice.
    const { reply } = await guarded(deps, incoming, () => handleClick(deps, verb, parsed.data.action.data ?? {}, incoming));
    // A Universal Action is acknowledged by its invoke response, which carries the answer: click-to-ack includes the action.
    await invokeResponse(context, reply);
    deps.core.telemetry.clickAcked({ surface: 'teams', durationMs: elapsedMs(clicked) });
    return;
  }

  if (incoming.type === 'conversationUpdate') {
    const botAdded = incoming.membersAdded?.some((m) => m.id === incoming.recipient.id);
    if (botAdded && (await firstTime(deps, incoming))) await send(context, { card: welcomeCard(incoming.conversation.conversationType === 'personal') });
    return;
  }

  if (incoming.type !== 'message' || !(await firstTime(deps, incoming))) return;
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
