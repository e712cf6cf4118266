import { randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { isReleaseError } from '../../src/app/release-error.js';
import type { Logger } from '../../src/logging/logger.js';

/** Where to tell the person: the response_url of their command or click, else an ephemeral in the channel. */
export interface FailureTarget {
  userId: string;
  channelId?: string;
  threadTs?: string;
  responseUrl?: string;
  /** App Home has no ephemeral messages: the caller shows the text there instead. */
  showInHome?: (text: string) => Promise<void>;
}

/** Six characters, easy to read out: the person quotes it, the operator greps the log for it. */
export function newRef(): string {
  return randomBytes(4).readUInt32BE(0).toString(36).toUpperCase().padStart(6, '0').slice(-6);
}

/** The text the person sees: what a ReleaseError says, or a reference id for anything unexpected (logged in full). */
export function failureText(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  return `${isReleaseError(error) ? ':no_entry:' : ':warning:'} ${failureMessage(error, logger, context)}`;
}

/** The same without the icon, for plain-text places such as a modal's field error. */
export function failureMessage(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (isReleaseError(error)) return error.message;
  const ref = newRef();
  logger.error('Slack request failed', { ref, ...context, error });
  return `Something went wrong (ref ${ref}). Nothing else was changed; try again, and quote the ref if it keeps happening.`;
}

export async function reportFailure(client: webApi.WebClient, logger: Logger, error: unknown, target: FailureTarget, context: Record<string, unknown>): Promise<void> {
  const text = failureText(error, logger, context);
  await tellPrivately(client, logger, text, target);
}

/** An ephemeral note to one person; a failure to deliver it is logged, never thrown (there is nobody left to tell). */
export async function tellPrivately(client: webApi.WebClient, logger: Logger, text: string, target: FailureTarget): Promise<void> {
  try {
    if (target.showInHome) return await target.showInHome(text);
    if (target.responseUrl) {
      const res = await fetch(target.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      });
      if (res.ok) return;
    }
    if (target.channelId)
      await client.chat.postEphemeral({ channel: target.channelId, user: target.userId, text, ...(target.threadTs ? { thread_ts: target.threadTs } : {}) });
  } catch (error) {
    logger.warn('Could not deliver an ephemeral message', { user: target.userId, error });
  }
}
