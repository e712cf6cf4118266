import type { AnswerError, ConversationStep } from '../../../src/index.js';
import { renderModels } from './render-models.js';
import { renderQuestion } from './render-question.js';

const CONFIRM = '? Use this model? [Y/n or a model id]';

const errorLines = (errors: AnswerError[]) => errors.map((e) => (e.label ? `✗ ${e.label}: ${e.message}` : `✗ ${e.message}`));

/** One step of the start conversation as terminal lines; `finished` is drawn as an outcome by the session. */
export function renderConversation(step: Exclude<ConversationStep, { kind: 'finished' }>, timeZone: string): string {
  switch (step.kind) {
    case 'question':
      return [
        ...errorLines(step.errors),
        ...(step.first ? ['Starting a release (type "back" to change the previous answer, "abort" to stop).'] : []),
        renderQuestion(step.question, step.position, step.total, timeZone),
        ...(step.previous !== undefined ? [`  You answered: ${step.previous}`] : []),
      ].join('\n');
    case 'confirm':
      return step.error
        ? `✗ ${step.error} Type y to accept, n to see the models, or a model id.\n${CONFIRM}`
        : `Model: ${step.suggestion.modelName} (${step.suggestion.modelId})\n  Why: ${step.suggestion.explanation}\n${CONFIRM}`;
    case 'pick':
      return step.error ? `✗ ${step.error}\n? Which model? (number or id)` : `${renderModels(step.models)}\n? Which model? (number or id)`;
    case 'reason':
      return `${step.error ? `✗ ${step.error}\n` : ''}? Why ${step.chosen.name} instead of ${step.suggestion.modelName}? (the reason is recorded)`;
    case 'freeze':
      return `✗ ${step.message}\n? Why must it deploy then? (the reason is recorded; "back" to change the time, "abort" to stop)`;
    case 'aborted':
      return [...errorLines(step.errors), step.errors.length ? 'Release not started.' : 'Release not started; nothing was saved.'].join('\n');
  }
}
