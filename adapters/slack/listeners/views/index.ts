import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { QUESTIONS_CALLBACK } from '../../render/question-modal.js';
import { MODEL_CALLBACK } from '../../render/model-modal.js';
import { ASSIGN_CALLBACK, SKIP_CALLBACK } from '../../render/step-modals.js';
import { questionsSubmitted } from './questions-submitted.js';
import { modelSubmitted } from './model-submitted.js';
import { skipSubmitted } from './skip-submitted.js';
import { assignSubmitted } from './assign-submitted.js';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(QUESTIONS_CALLBACK, questionsSubmitted(deps));
  app.view(MODEL_CALLBACK, modelSubmitted(deps));
  app.view(SKIP_CALLBACK, skipSubmitted(deps));
  app.view(ASSIGN_CALLBACK, assignSubmitted(deps));
}
