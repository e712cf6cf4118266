import type { Outcome } from '../../src/index.js';
import { CARD_ROUTES } from './card-routes.js';
import type { IncomingActivity } from './incoming-activity.js';
import { renderOutcome, type Reply } from './render-outcome.js';
import type { TeamsDeps } from './teams-deps.js';
import { originOf } from './teams-origin.js';

export interface ClickResult {
  reply: Reply;
  outcome?: Outcome;
}

/**
 * A card button: the route table turns it into an intent, the core decides, and the reply is drawn from the
 * outcome. A refused start is drawn as the card it came from, with the core's reason on it.
 */
export async function handleClick(deps: TeamsDeps, verb: string, data: Record<string, unknown>, activity: IncomingActivity): Promise<ClickResult> {
  const route = CARD_ROUTES.get(verb);
  if (!route) return { reply: { text: `I do not know the button "${verb.slice(0, 40)}". It may come from an older version of this card; type "help".` } };
  const { dispatcher, service } = deps.core;
  const questions = service.questions();
  const request = route({ data, activity, questions });
  const origin = originOf(activity, deps.roster, { clicked: true, ...(request.deliveryKey ? { deliveryKey: request.deliveryKey } : {}) });
  let outcome = await dispatcher.dispatch(request.intent, origin);
  let refusal: string | undefined;
  if (outcome.kind === 'refused' && request.whenRefused) {
    refusal = outcome.message;
    outcome = await dispatcher.dispatch(request.whenRefused, origin);
  }
  deps.publisher.afterOutcome(outcome, origin);
  const click = { ...(activity.replyToId ? { messageId: activity.replyToId } : {}) };
  return {
    outcome,
    reply: renderOutcome(outcome, { timeZone: deps.timeZone, questions, click, ...(request.typed ? { typed: request.typed } : {}), ...(refusal ? { refusal } : {}) }),
  };
}
