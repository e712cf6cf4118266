import { z } from 'zod';
import { releaseIdSchema } from '../../../src/index.js';

/** private_metadata of the start modals: where /release was typed, and (in step 2) the checked answers. */
export const startMetadataSchema = z.object({
  channelId: z.string().min(1),
  answers: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
  suggested: z.string().optional(),
  /** Set instead of `answers` when they do not fit Slack's 3000-character private_metadata. */
  pendingId: z.string().optional(),
});
export type StartMetadata = z.infer<typeof startMetadataSchema>;

/**
 * private_metadata of the change forms (skip, assign, deploy, reschedule, cancel, close): the release and step, and
 * where the click came from, so an answer that arrives after the modal closed reaches the person there. No channel
 * means App Home.
 */
export const formMetadataSchema = z.object({
  releaseId: releaseIdSchema,
  step: z.number().int().positive().optional(),
  gateId: z.string().min(1).max(64).optional(),
  channelId: z.string().optional(),
  threadTs: z.string().optional(),
});
export type FormMetadata = z.infer<typeof formMetadataSchema>;

export function parseMetadata<T>(schema: z.ZodType<T>, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`private_metadata is not JSON: ${text.slice(0, 80)}`);
  }
  return schema.parse(json);
}
