import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import { reportUnexpected, type Intent, type Origin, type Outcome } from '../../../../src/index.js';
import type { SlackDeps } from '../../slack-deps.js';
import type { ViewSubmission } from '../../payloads/slack-payloads.js';
import type { FormMetadata } from '../../payloads/metadata.js';
import type { Reply } from '../../replies/tell-privately.js';
import { answerOutcome } from '../../replies/answer-outcome.js';
import { afterAck } from '../../slice-queue.js';
import { slackOrigin } from '../../slack-origin.js';

/**
 * How long a submission waits for the core before answering Slack, which gives up after 3 seconds. Well within it,
 * the change is normally on disk in milliseconds, so a refusal can still be shown in the open modal.
 */
const ANSWER_WITHIN_MS = 2000;

export interface Submission {
  deps: SlackDeps;
  ack: SlackViewMiddlewareArgs['ack'];
  payload: ViewSubmission;
  /** The channel and thread the form was opened from; none means App Home. */
  where: Pick<FormMetadata, 'channelId' | 'threadTs'>;
  /** What the modal asks for; reading it may call Slack (a picked user's name). */
  intent: () => Intent | Promise<Intent>;
  /** This modal's input block for each field the core may name in a refusal. */
  fields: Readonly<Record<string, string>>;
  /** The block a refusal is shown beside when it names no field this modal has. */
  fallback: string;
}

/** Where a late answer goes: the channel and thread the form was opened from, or App Home when it had no channel. */
function replyTo(origin: Origin, userId: string, { channelId, threadTs }: Submission['where']): Reply {
  const where = { ...(channelId ? { channelId } : {}), ...(threadTs ? { threadTs } : {}) };
  return { target: { userId, ...where, ...(channelId ? {} : { home: origin }) }, confirmChanges: false, ...where };
}

/** The input block of this modal that a refusal belongs beside, if the modal has one. */
function blockFor(s: Submission, outcome: Outcome): string | undefined {
  const field = outcome.kind === 'refused' ? outcome.field : undefined;
  const shown = s.payload.view.state.values;
  return [field ? s.fields[field] : undefined, s.fallback].find((block) => block !== undefined && block in shown);
}

/**
 * Dispatches a modal's intent before answering the modal, so the person sees the outcome where they are looking:
 * a refusal ("only the release manager…", an ELS count that is not a number) comes back beside its field and the
 * modal stays open with what they entered; a recorded change closes it and shows in the messages. If the core is
 * slow, the modal closes at the deadline and a refusal arrives privately instead. A repeated submission carries the
 * same view id and changes nothing. The person is named as Slack shows them (users.info, cached).
 */
export async function submitIntent(s: Submission): Promise<void> {
  const { deps, payload } = s;
  const deliveryKey = `slack:view:${payload.view.id}`;
  const origin = deps.directory.person(payload.user.id, payload.user.name).then((actor) => slackOrigin(deps, { actor, workspaceId: payload.workspaceId, channelId: s.where.channelId, threadTs: s.where.threadTs, deliveryKey }));
  const work: Promise<Outcome> = (async () => deps.core.dispatcher.dispatch(await s.intent(), await origin))().catch((error: unknown) => {
    const { ref, message } = reportUnexpected(error, deps.logger, { surface: 'slack', view: payload.view.callback_id });
    return { kind: 'failed', ref, message };
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS); });
  const early = await Promise.race([work, deadline]);
  clearTimeout(timer);
  const refusal = early?.kind === 'refused' || early?.kind === 'failed' ? early : undefined;
  const block = refusal && blockFor(s, refusal);
  if (refusal && block) {
    await s.ack({ response_action: 'errors', errors: { [block]: refusal.message } });
    return;
  }
  await s.ack();
  await afterAck();
  await answerOutcome(deps, early ?? (await work), replyTo(await origin, payload.user.id, s.where));
}
