import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Outcome, Question } from '../../../../src/index.js';
import type { SlackDeps } from '../../slack-deps.js';
import { rawAnswer, viewSubmissionSchema } from '../../payloads/slack-payloads.js';
import { parseMetadata, startMetadataSchema } from '../../payloads/metadata.js';
import { ANSWER_ACTION, questionBlockId } from '../../render/question-modal.js';
import { modelStepModal } from '../../replies/answer-outcome.js';
import { slackOrigin } from '../../slack-origin.js';
import { slackActor } from '../../slack-directory.js';

/** Field errors by block id; an error about no single question (or no answer at all) is shown beside the first one. */
function errorsBeside(questions: readonly Question[], outcome: Outcome): Record<string, string> {
  const other = outcome.kind === 'refused' || outcome.kind === 'failed' ? outcome.message : 'Check your answers, then submit again.';
  const found = outcome.kind === 'questions' ? outcome.errors : { answers: other };
  const known = new Set(questions.map((q) => q.id));
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(found)) {
    const block = questionBlockId(known.has(field) ? field : (questions[0]?.id ?? field));
    errors[block] = errors[block] ? `${errors[block]} ${message}` : message;
  }
  return errors;
}

/**
 * Step 1 submitted: the core checks the answers. Invalid ones come back as inline errors beside their fields (the
 * modal stays open with everything typed); valid ones move the modal to step 2, the suggested model and why.
 */
export function questionsSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const payload = viewSubmissionSchema.parse(body);
    const meta = parseMetadata(startMetadataSchema, payload.view.private_metadata);
    const questions = deps.core.service.questions();
    const answers: Record<string, unknown> = {};
    for (const q of questions) answers[q.id] = rawAnswer(payload.view.state.values[questionBlockId(q.id)]?.[ANSWER_ACTION]);
    const origin = slackOrigin(deps, { actor: slackActor(payload.user), workspaceId: payload.workspaceId, channelId: meta.channelId });
    const outcome = await deps.core.dispatcher.dispatch({ kind: 'answer', answers }, origin);
    if (outcome.kind === 'classification') return ack({ response_action: 'update', view: modelStepModal(deps, outcome, meta.channelId) });
    await ack({ response_action: 'errors', errors: errorsBeside(questions, outcome) });
  };
}
