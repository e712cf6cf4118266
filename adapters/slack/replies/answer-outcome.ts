import type { types } from '@slack/bolt';
import { isTerminal, renderPhrase, reportUnexpected, type Outcome, type OutcomeKind } from '../../../src/index.js';
import type { SlackDeps } from '../slack-deps.js';
import type { FormMetadata, StartMetadata } from '../payloads/metadata.js';
import type { SlackMessage } from '../render/phase-message.js';
import { escapeText, mention } from '../render/mrkdwn.js';
import { renderStatusMessage } from '../render/status-message.js';
import { renderListMessage, renderModelsMessage } from '../render/list-message.js';
import { renderHelpMessage } from '../render/help-message.js';
import { renderReportMessage } from '../render/report-message.js';
import { renderDigestOutcome } from '../render/digest-message.js';
import { rolesNoticeBlocks } from '../render/roles-modal.js';
import { renderQuestionModal } from '../render/question-modal.js';
import { renderFormModal } from '../render/form-modal.js';
import { postRelease } from '../post-release.js';
import { publishHome, threadLinks } from '../publish-home.js';
import { renderModelModal } from '../render/model-modal.js';
import { LIMITS } from '../render/limits.js';
import { tellPrivately, type Reply } from './tell-privately.js';

type Answer<K extends OutcomeKind> = (outcome: Extract<Outcome, { kind: K }>, reply: Reply, deps: SlackDeps) => Promise<void>;

const note = (text: string): SlackMessage => ({ text, blocks: [] });

async function openModal(deps: SlackDeps, reply: Reply, view: types.ModalView): Promise<void> {
  if (!reply.triggerId) throw new Error(`no trigger_id to open the ${view.callback_id ?? ''} modal with`);
  await deps.client.views.open({ trigger_id: reply.triggerId, view });
}

function channelOf(reply: Reply): string {
  if (!reply.channelId) throw new Error('a release can only be started from a channel');
  return reply.channelId;
}

/** Step 2 of starting a release, carrying the checked answers (kept in memory when they outgrow private_metadata). */
export function modelStepModal(deps: SlackDeps, outcome: Extract<Outcome, { kind: 'classification' }>, channelId: string): types.ModalView {
  const { result, answers } = outcome;
  let meta: StartMetadata = { channelId, answers, suggested: result.modelId };
  if (JSON.stringify(meta).length > LIMITS.privateMetadata) meta = { channelId, suggested: result.modelId, pendingId: deps.pending.put(answers) };
  const title = typeof answers['title'] === 'string' ? answers['title'] : 'New release';
  return renderModelModal(result, outcome.models, JSON.stringify(meta), title, outcome.freeze ? { note: outcome.freeze, timeZone: deps.timeZone } : undefined);
}

/** One Slack answer per outcome kind; a kind without one does not compile. */
const ANSWERS: { [K in OutcomeKind]: Answer<K> } = {
  async done(o, reply, deps) {
    if (reply.confirmChanges || !o.changed) return tellPrivately(deps, note(renderPhrase(o.message, escapeText, mention)), reply.target);
    // The clicked message catches up through the after-change listener; App Home is the clicker's own.
    if (reply.target.home) await publishHome(deps, reply.target.home);
  },
  refused: (o, reply, deps) => tellPrivately(deps, note(`:no_entry: ${escapeText(o.message)}`), reply.target),
  failed: (o, reply, deps) => tellPrivately(deps, note(`:warning: ${escapeText(o.message)}`), reply.target),
  async checklist(o, reply, deps) {
    // A release whose thread could not be posted (the bot was not invited yet) is posted once its status is asked in
    // its own channel; never in a DM it was asked from, which would move it out of its channel's reach.
    const loc = o.release.location;
    if (loc.surface === 'slack' && !isTerminal(o.release.status) && reply.channelId === loc.channelId) await postRelease(deps, o.release, loc.channelId, reply.target.userId, o.view);
    await tellPrivately(deps, renderStatusMessage(o.view, deps.timeZone), reply.target);
  },
  list: (o, reply, deps) => tellPrivately(deps, renderListMessage(o.views, deps.timeZone, threadLinks(deps.workspaceUrl, o.releases)), reply.target),
  models: (o, reply, deps) => tellPrivately(deps, renderModelsMessage(o.models), reply.target),
  help: (o, reply, deps) => tellPrivately(deps, renderHelpMessage(o), reply.target),
  report: (o, reply, deps) => tellPrivately(deps, renderReportMessage(o.summary), reply.target),
  questions: (o, reply, deps) => openModal(deps, reply, renderQuestionModal(o.questions, JSON.stringify({ channelId: channelOf(reply) }), o.values, o.errors)),
  classification: (o, reply, deps) => openModal(deps, reply, modelStepModal(deps, o, channelOf(reply))),
  form(o, reply, deps) {
    const meta: FormMetadata = {
      releaseId: o.view.releaseId,
      ...(o.step ? { step: o.step.number } : {}),
      ...(o.gate ? { gateId: o.gate.id } : {}),
      ...(reply.channelId ? { channelId: reply.channelId } : {}),
      ...(reply.threadTs ? { threadTs: reply.threadTs } : {}),
    };
    return openModal(deps, reply, renderFormModal(o, deps.timeZone, JSON.stringify(meta)));
  },
  // The core refuses `as` outside the console; should that change, the answer is still true.
  identity: (_o, reply, deps) => tellPrivately(deps, note('In Slack I already know who you are.'), reply.target),
  digest: (o, reply, deps) => tellPrivately(deps, renderDigestOutcome(o, deps.timeZone), reply.target),
  notice(o, reply, deps) {
    const text = [`*${escapeText(o.title)}*`, ...o.lines.map((l) => `• ${renderPhrase(l, escapeText, mention)}`)].join('\n');
    // The roles of a channel come with the people picker that changes them; outside a channel there is nothing to change.
    return tellPrivately(deps, o.change === 'roles' ? { text, blocks: rolesNoticeBlocks(text, reply.channelId) } : note(text), reply.target);
  },
};

/**
 * Draws an outcome natively: a private message, a modal, or a post. A failure while answering (Slack refusing to
 * open a modal) is logged under an error reference, and the person is told the reference.
 */
export async function answerOutcome(deps: SlackDeps, outcome: Outcome, reply: Reply): Promise<void> {
  const answer = ANSWERS[outcome.kind] as Answer<OutcomeKind>;
  try {
    await answer(outcome, reply, deps);
  } catch (error) {
    const { message } = reportUnexpected(error, deps.logger, { surface: 'slack', outcome: outcome.kind, user: reply.target.userId });
    await tellPrivately(deps, note(`:warning: ${escapeText(message)}`), reply.target);
  }
}
