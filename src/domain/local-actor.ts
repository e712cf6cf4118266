import type { Actor } from './actor.js';

/**
 * A person known only by the name typed at the console. The id is lower-cased, so "Alice" and "alice" are one
 * person for checks such as "only the person who completed a step may undo it".
 */
export function localActor(name: string): Actor {
  const clean = name.trim().replace(/^@/, '') || 'you';
  return { id: `console:${clean.toLowerCase()}`, name: clean };
}
