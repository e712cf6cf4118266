import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import { reportUnexpected, type Intent, type Origin, type Outcome } from '../../../../src/index.js';
import type { SlackDeps } from '../../slack-deps.js';
import type { ViewSubmission } from '../../payloads/slack-payloads.js';
import type { Reply } from '../../replies/reply.js';
import { answerOutcome } from '../../replies/answer-outcome.js';
import { afterAck } from '../../after-ack.js';

/**
 * How long a submission waits for the core before answering Slack, which gives up after 3 seconds. Well within it,
 * the change is normally on disk in milliseconds, so a refusal can still be shown in the open modal.
 */
const ANSWER_WITHIN_MS = 2000;

export interface Submission {
  deps: SlackDeps;
  ack: SlackViewMiddlewareArgs['ack'];
  payload: ViewSubmission;
  origin: Origin;
  /** What the modal asks for; reading it may call Slack (a picked user's name). */
  intent: () => Intent | Promise<Intent>;
  /** This modal's input block for each field the core may name in a refusal. */
  fields: Readonly<Record<string, string>>;
  /** The block a refusal is shown beside when it names no field this modal has. */
  fallback: string;
  /** Where an answer goes once the modal has closed. */
  reply: Reply;
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
 * same view id and changes nothing.
 */
export async function submitIntent(s: Submission): Promise<void> {
  const { deps } = s;
  const work: Promise<Outcome> = (async () => deps.core.dispatcher.dispatch(await s.intent(), s.origin))().catch((error: unknown) => {
    const { ref, message } = reportUnexpected(error, deps.logger, { surface: 'slack', view: s.payload.view.callback_id });
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
  await answerOutcome(deps, early ?? (await work), s.reply);
}
