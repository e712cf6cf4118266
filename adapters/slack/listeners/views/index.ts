import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { QUESTIONS_CALLBACK } from '../../render/question-modal.js';
import { MODEL_CALLBACK } from '../../render/model-modal.js';
import { questionsSubmitted } from './questions-submitted.js';
import { modelSubmitted } from './model-submitted.js';
import { FORMS, formSubmitted } from './form-submitted.js';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(QUESTIONS_CALLBACK, questionsSubmitted(deps));
  app.view(MODEL_CALLBACK, modelSubmitted(deps));
  for (const [callback, spec] of Object.entries(FORMS)) app.view(callback, formSubmitted(deps, spec));
}
