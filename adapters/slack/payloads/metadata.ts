import { z } from 'zod';

/** private_metadata of the start modals: where /release was typed, and (in step 2) the checked answers. */
export const startMetadataSchema = z.object({
  channelId: z.string().min(1),
  answers: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
  suggested: z.string().optional(),
  /** Set instead of `answers` when they do not fit Slack's 3000-character private_metadata. */
  pendingId: z.string().optional(),
});
export type StartMetadata = z.infer<typeof startMetadataSchema>;

/** private_metadata of the skip and assign modals: the step, and where the click came from. */
export const stepMetadataSchema = z.object({
  releaseId: z.string(),
  step: z.number().int().positive(),
  channelId: z.string().optional(),
});
export type StepMetadata = z.infer<typeof stepMetadataSchema>;

export function parseMetadata<T>(schema: z.ZodType<T>, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`private_metadata is not JSON: ${text.slice(0, 80)}`);
  }
  return schema.parse(json);
}

/** private_metadata of the reschedule, cancel and close modals: the release, where the click came from, and what was asked. */
export const releaseMetadataSchema = z.object({
  releaseId: z.string().regex(/^R-\d+$/),
  channelId: z.string().optional(),
  threadTs: z.string().optional(),
  /** The close modal asked for the ELS result (the release was in early life support), so both answers are required. */
  els: z.boolean().optional(),
});
export type ReleaseMetadata = z.infer<typeof releaseMetadataSchema>;
