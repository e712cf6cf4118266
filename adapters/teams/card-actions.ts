import { z } from 'zod';
import type { StepAction } from '../../src/view/checklist-view.js';
import type { ChatLocation } from '../../src/domain/release-schema.js';
import { STEP_VERB, skipReasonInputId } from './cards/checklist-card.js';
import { confirmCard, MODEL_INPUT, REASON_INPUT, VERB_FORM_CONFIRM, VERB_FORM_EDIT } from './cards/confirm-card.js';
import { formCard, VERB_FORM_SUBMIT } from './cards/form-card.js';
import { RELEASE_VERB } from './cards/summary-card.js';
import { VERB_REFRESH } from './cards/card-types.js';
import { refFromActivity, threadOf } from './conversation-ref.js';
import { formValuesFrom, rawAnswers } from './form-answers.js';
import type { IncomingActivity } from './incoming-activity.js';
import { actorFrom } from './teams-actor.js';
import type { ActionOutcome, TeamsDeps } from './teams-deps.js';
import { releaseAction } from './release-actions.js';

export interface CardActionInput {
  verb: string;
  /** Button data merged with the card's input values, as both Action.Execute and Action.Submit deliver them. */
  data: Record<string, unknown>;
  incoming: IncomingActivity;
  /** The message that holds the clicked card (the activity's replyToId). */
  messageId?: string;
}

const stepData = z.object({ releaseId: z.string().min(1), step: z.string().min(1), n: z.coerce.number().int().positive().optional() });
const confirmData = z.object({ answers: z.record(z.string(), z.string()).default({}), suggested: z.string().optional() });

const STEP_ACTIONS = Object.fromEntries(Object.entries(STEP_VERB).map(([action, verb]) => [verb, action as StepAction]));

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export async function handleCardAction(deps: TeamsDeps, input: CardActionInput): Promise<ActionOutcome> {
  const { service } = deps;
  const questions = service.questions();
  const { verb, data, incoming } = input;

  if (verb === VERB_FORM_SUBMIT) {
    const values = formValuesFrom(questions, data);
    const checked = service.validateAnswers(rawAnswers(questions, values));
    if (!checked.ok) return { card: formCard(questions, values, checked.errors, deps.timeZone) };
    return { card: confirmCard(questions, values, service.classify(checked.answers), service.models()) };
  }

  if (verb === VERB_FORM_EDIT) {
    const { answers } = confirmData.parse(data);
    return { card: formCard(questions, answers, {}, deps.timeZone) };
  }

  if (verb === VERB_FORM_CONFIRM) return confirmStart(deps, input);

  if (verb === VERB_REFRESH) {
    const releaseId = str(data['releaseId']);
    if (!releaseId) return { message: 'This card does not say which release it shows.' };
    const release = await service.get(releaseId);
    const card = deps.cards.cardForMessage(release, input.messageId);
    return card ? { card } : { message: `Type "status ${releaseId}" for the current state.` };
  }

  const stepAction = STEP_ACTIONS[verb];
  if (stepAction) {
    const parsed = stepData.safeParse(data);
    if (!parsed.success) return { message: 'This button is missing its release or step; post the checklist again with "status".' };
    const { releaseId, step, n } = parsed.data;
    const actor = actorFrom(incoming);
    const reason = n === undefined ? '' : str(data[skipReasonInputId(n)]);
    if (stepAction === 'skip' && !reason) return { message: 'A skip needs a reason: open "Skip…" and say why the step does not apply.' };
    await deps.cards.adoptServiceUrl(releaseId, incoming);
    await service.act({
      releaseId,
      step,
      action: stepAction,
      actor,
      ...(stepAction === 'skip' ? { reason } : {}),
      ...(stepAction === 'assign' ? { assignee: actor } : {}),
      ...(incoming.id ? { dedupeKey: incoming.id } : {}),
    });
    await deps.cards.sync(releaseId);
    const latest = await service.get(releaseId);
    const card = deps.cards.cardForMessage(latest, input.messageId) ?? deps.cards.cardForStep(latest, n);
    return card ? { card } : { message: 'Done.' };
  }

  if ((Object.values(RELEASE_VERB) as string[]).includes(verb)) return releaseAction(deps, input);

  return { message: `I do not know the button "${verb}". It may come from an older version of this card; type "help".` };
}

/**
 * One release per form message: a redelivered click and a second click on the same form (Teams retries, double
 * clicks, the Action.Submit fallback) all map to the release the first one created.
 */
function startKey(input: CardActionInput): { dedupeKey?: string } {
  if (input.messageId) return { dedupeKey: `teams-form:${threadOf(input.incoming).conversationId}:${input.messageId}` };
  return input.incoming.id ? { dedupeKey: input.incoming.id } : {};
}

async function confirmStart(deps: TeamsDeps, input: CardActionInput): Promise<ActionOutcome> {
  const { service } = deps;
  const questions = service.questions();
  const { answers: values, suggested } = confirmData.parse(input.data);
  const raw = rawAnswers(questions, values);
  const checked = service.validateAnswers(raw);
  if (!checked.ok) return { card: formCard(questions, values, checked.errors, deps.timeZone) };
  const result = service.classify(checked.answers);
  const chosen = str(input.data[MODEL_INPUT]) || suggested || result.modelId;
  const reason = str(input.data[REASON_INPUT]);
  if (chosen !== result.modelId && !reason) {
    const error = 'You picked another model than the suggested one: say why, so the override is on record.';
    return { card: confirmCard(questions, values, result, service.models(), { chosenModelId: chosen, error }) };
  }
  const thread = threadOf(input.incoming);
  const location: ChatLocation = {
    surface: 'teams',
    channelId: thread.channelId,
    ...(thread.threadId ? { threadId: thread.threadId } : {}),
    conversationRef: refFromActivity(input.incoming),
    messageIds: {},
  };
  const started = await service.start({
    answers: raw,
    actor: actorFrom(input.incoming),
    ...(chosen !== result.modelId ? { override: { modelId: chosen, reason } } : {}),
    location,
    ...startKey(input),
  });
  const release = await deps.cards.publish(started.release.id, input.messageId);
  const card = deps.cards.cardForMessage(release, input.messageId) ?? deps.cards.cardForStep(release, undefined);
  return card ? { card } : { message: started.message };
}
