import { z } from 'zod';

/**
 * A person acting on a release. `id` is surface-qualified ("slack:U123", "teams:29:1abc", "console:alice")
 * so that permission checks never confuse two people with the same display name.
 */
export const actorSchema = z.object({ id: z.string().min(1), name: z.string().min(1) }).strict();

export type Actor = z.infer<typeof actorSchema>;

const PIPELINE = 'pipeline:';

/** A pipeline acting through the API with its token: chat shows it as "pipeline github-ci". */
export function pipelineActor(tokenName: string): Actor {
  return { id: `${PIPELINE}${tokenName}`, name: `pipeline ${tokenName}` };
}

export function isPipeline(actor: Actor | undefined): boolean {
  return actor?.id.startsWith(PIPELINE) ?? false;
}

export function sameActor(a: Actor | undefined, b: Actor | undefined): boolean {
  return a !== undefined && b !== undefined && a.id === b.id;
}
