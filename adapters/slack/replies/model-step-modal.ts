import type { types } from '@slack/bolt';
import type { Outcome } from '../../../src/index.js';
import type { SlackDeps } from '../slack-deps.js';
import type { StartMetadata } from '../payloads/metadata.js';
import { renderModelModal } from '../render/model-modal.js';
import { LIMITS } from '../render/limits.js';

/** Step 2 of starting a release, carrying the checked answers (kept in memory when they outgrow private_metadata). */
export function modelStepModal(deps: SlackDeps, outcome: Extract<Outcome, { kind: 'classification' }>, channelId: string): types.ModalView {
  const { result, answers } = outcome;
  let meta: StartMetadata = { channelId, answers, suggested: result.modelId };
  if (JSON.stringify(meta).length > LIMITS.privateMetadata) meta = { channelId, suggested: result.modelId, pendingId: deps.pending.put(answers) };
  const title = typeof answers['title'] === 'string' ? answers['title'] : 'New release';
  return renderModelModal(result, outcome.models, JSON.stringify(meta), title);
}
