import { commandText } from './command-text.js';
import type { IncomingActivity } from './incoming-activity.js';
import { renderOutcome, type Reply } from './render-outcome.js';
import type { TeamsDeps } from './teams-deps.js';
import { originOf } from './teams-origin.js';

/** A message to the bot: the core reads the command, the reply is drawn from its outcome. */
export async function handleText(deps: TeamsDeps, activity: IncomingActivity): Promise<Reply> {
  const origin = originOf(activity);
  const outcome = await deps.core.dispatcher.dispatchText(commandText(activity), origin);
  deps.publisher.afterOutcome(outcome, origin);
  return renderOutcome(outcome, { timeZone: deps.timeZone, questions: deps.core.service.questions() });
}
