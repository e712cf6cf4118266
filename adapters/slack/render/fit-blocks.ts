import type { types } from '@slack/bolt';
import { LIMITS } from './limits.js';

/** Characters of text in blocks, counted as Slack counts toward its per-message ceiling. */
export function blockTextLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, v) => n + blockTextLength(v), 0);
  if (!node || typeof node !== 'object') return 0;
  let n = 0;
  for (const [k, v] of Object.entries(node)) n += k === 'text' && typeof v === 'string' ? v.length : blockTextLength(v);
  return n;
}

/**
 * Keeps `head` and as many `items` as fit one message (50 blocks, ~12,000 characters), then a line saying how many
 * were left out, so a long list degrades to "…and 12 more" instead of a refused message.
 */
export function fitBlocks(head: types.KnownBlock[], items: types.KnownBlock[], more: (left: number) => string, maxChars: number = LIMITS.messageChars - 500): types.KnownBlock[] {
  const out = [...head];
  let chars = blockTextLength(head);
  let used = 0;
  for (const block of items) {
    const size = blockTextLength(block);
    if (out.length + 2 > LIMITS.blocksPerMessage || chars + size > maxChars) break;
    out.push(block);
    chars += size;
    used++;
  }
  if (used < items.length) out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: more(items.length - used) }] });
  return out;
}
