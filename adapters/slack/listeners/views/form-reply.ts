import type { FormMetadata } from '../../payloads/metadata.js';
import type { Reply } from '../../replies/reply.js';

/** Where a form's late answer goes: the channel and thread it was opened from, or App Home when it had no channel. */
export function formReply(userId: string, meta: Pick<FormMetadata, 'channelId' | 'threadTs'>): Reply {
  const where = { ...(meta.channelId ? { channelId: meta.channelId } : {}), ...(meta.threadTs ? { threadTs: meta.threadTs } : {}) };
  return { target: { userId, ...where, ...(meta.channelId ? {} : { home: true }) }, confirmChanges: false, ...where };
}
