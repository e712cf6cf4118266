import type { Actor } from '../../src/domain/actor.js';

/**
 * The person typing, as the core sees them. The id is lower-cased so "Alice" and "alice" are one person
 * for permission checks such as "only the person who completed a step may undo it".
 */
export function consoleActor(name: string): Actor {
  const clean = name.trim().replace(/^@/, '') || 'you';
  return { id: `console:${clean.toLowerCase()}`, name: clean };
}
