import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { QUESTIONS_CALLBACK } from '../../render/question-modal.js';
import { MODEL_CALLBACK } from '../../render/model-modal.js';
import { ASSIGN_CALLBACK, SKIP_CALLBACK } from '../../render/step-modals.js';
import { questionsSubmitted } from './questions-submitted.js';
import { modelSubmitted } from './model-submitted.js';
import { skipSubmitted } from './skip-submitted.js';
import { assignSubmitted } from './assign-submitted.js';
import { CANCEL_CALLBACK, CLOSE_CALLBACK, RESCHEDULE_CALLBACK } from '../../render/release-modals.js';
import { cancelSubmitted, closeSubmitted, rescheduleSubmitted } from './release-change-submitted.js';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(QUESTIONS_CALLBACK, questionsSubmitted(deps));
  app.view(MODEL_CALLBACK, modelSubmitted(deps));
  app.view(SKIP_CALLBACK, skipSubmitted(deps));
  app.view(ASSIGN_CALLBACK, assignSubmitted(deps));
  app.view(RESCHEDULE_CALLBACK, rescheduleSubmitted(deps));
  app.view(CANCEL_CALLBACK, cancelSubmitted(deps));
  app.view(CLOSE_CALLBACK, closeSubmitted(deps));
}
