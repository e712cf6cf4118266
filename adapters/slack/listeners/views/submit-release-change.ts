import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import type { ActionResult } from '../../../../src/app/release-service.js';
import { isReleaseError } from '../../../../src/app/release-error.js';
import type { Actor } from '../../../../src/domain/actor.js';
import type { SlackDeps } from '../../slack-deps.js';
import type { ReleaseMetadata } from '../../payloads/metadata.js';
import { announceChange } from '../../announce-change.js';
import { failureMessage, reportFailure } from '../../report-failure.js';
import { afterAck } from '../../after-ack.js';

/**
 * How long a submission waits for the store before answering Slack, which gives up after 3 seconds. Well within
 * it, the change is normally on disk in milliseconds, so a refusal can still be shown in the open modal.
 */
const ANSWER_WITHIN_MS = 2000;

type Ack = SlackViewMiddlewareArgs['ack'];
type Settled = { done: true; result: ActionResult } | { done: true; error: unknown } | { done: false };

export interface ReleaseChange {
  deps: SlackDeps;
  ack: Ack;
  meta: ReleaseMetadata;
  actor: Actor;
  userId: string;
  /** The input block a refusal is shown beside when the error names no field of this modal. */
  errorField: string;
  /** ReleaseError.field values (command arguments) mapped to this modal's block ids. */
  fields?: Record<string, string>;
  run: () => Promise<ActionResult>;
}

/**
 * Runs a release-level change from a modal, before answering it, so the person sees the outcome where they are looking:
 * a refusal ("only the release manager…") comes back beside a field and the modal stays open; success closes it, and
 * the thread then shows who did what. If the store is slow, the modal closes at the deadline and the outcome, if it
 * is a refusal, arrives as a private note instead. A repeated submission carries the same view id and changes nothing.
 */
export async function submitReleaseChange(c: ReleaseChange): Promise<void> {
  const { deps, meta } = c;
  const context = { releaseId: meta.releaseId };
  const work = c.run();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Settled>((resolve) => { timer = setTimeout(() => resolve({ done: false }), ANSWER_WITHIN_MS); });
  const settled = await Promise.race<Settled>([work.then((result) => ({ done: true, result }), (error: unknown) => ({ done: true, error })), deadline]);
  clearTimeout(timer);
  if (settled.done && 'error' in settled) {
    const field = isReleaseError(settled.error) && settled.error.field ? (c.fields?.[settled.error.field] ?? c.errorField) : c.errorField;
    await c.ack({ response_action: 'errors', errors: { [field]: failureMessage(settled.error, deps.logger, context) } });
    return;
  }
  await c.ack();
  await afterAck();
  const target = { userId: c.userId, ...(meta.channelId ? { channelId: meta.channelId } : {}), ...(meta.threadTs ? { threadTs: meta.threadTs } : {}) };
  let result: ActionResult;
  try {
    result = settled.done ? settled.result : await work;
  } catch (error) {
    await reportFailure(deps.client, deps.logger, error, target, context);
    return;
  }
  try {
    await announceChange(deps, c.actor, result);
  } catch (error) {
    // The change is stored; the messages catch up on the next change. Only the thread line may be missing.
    deps.logger.error('Could not announce a release change in Slack', { ...context, error });
  }
}
