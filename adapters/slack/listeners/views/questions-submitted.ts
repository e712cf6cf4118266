import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { rawAnswer, viewSubmissionSchema } from '../../payloads/slack-payloads.js';
import { parseMetadata, startMetadataSchema, type StartMetadata } from '../../payloads/metadata.js';
import { ANSWER_ACTION, questionBlockId } from '../../render/question-modal.js';
import { renderModelModal } from '../../render/model-modal.js';
import { LIMITS } from '../../render/limits.js';

/**
 * Step 1 submitted: invalid answers come back as inline errors beside their fields (the modal stays open with
 * everything typed); valid ones move the modal to step 2, the suggested model and why.
 */
export function questionsSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const payload = viewSubmissionSchema.parse(body);
    const meta = parseMetadata(startMetadataSchema, payload.view.private_metadata);
    const questions = deps.service.questions();
    const raw: Record<string, unknown> = {};
    for (const q of questions) raw[q.id] = rawAnswer(payload.view.state.values[questionBlockId(q.id)]?.[ANSWER_ACTION]);
    const checked = deps.service.validateAnswers(raw);
    if (!checked.ok) {
      const known = new Set(questions.map((q) => q.id));
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(checked.errors)) {
        // An error about no single question is shown beside the first one rather than dropped.
        const block = questionBlockId(known.has(field) ? field : (questions[0]?.id ?? field));
        errors[block] = errors[block] ? `${errors[block]} ${message}` : message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    const result = deps.service.classify(checked.answers);
    let next: StartMetadata = { channelId: meta.channelId, answers: checked.answers, suggested: result.modelId };
    if (JSON.stringify(next).length > LIMITS.privateMetadata)
      next = { channelId: meta.channelId, suggested: result.modelId, pendingId: deps.pending.put(checked.answers) };
    const title = String(checked.answers.title ?? 'New release');
    await ack({ response_action: 'update', view: renderModelModal(result, deps.service.models(), JSON.stringify(next), title) });
  };
}
