import { z } from 'zod';

/**
 * A person acting on a release. `id` is surface-qualified ("slack:U123", "teams:29:1abc", "console:alice")
 * so that permission checks never confuse two people with the same display name.
 */
export const actorSchema = z.object({ id: z.string().min(1), name: z.string().min(1) }).strict();

export type Actor = z.infer<typeof actorSchema>;

export function sameActor(a: Actor | undefined, b: Actor | undefined): boolean {
  return a !== undefined && b !== undefined && a.id === b.id;
}
