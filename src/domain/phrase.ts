import type { Actor } from './actor.js';

/**
 * A sentence for people, with the people in it kept apart from the words, so each surface can name them natively
 * (a Slack mention, a Teams mention, a plain name in the console) and escape the words its own way.
 */
export type Phrase = ReadonlyArray<string | { person: Actor }>;

export const person = (actor: Actor) => ({ person: actor });

/** Builds a phrase from a template: `phrase\`done by ${person(a)}\``. */
export function phrase(strings: TemplateStringsArray, ...values: Array<string | number | { person: Actor }>): Phrase {
  const out: Array<string | { person: Actor }> = [];
  strings.forEach((s, i) => {
    if (s) out.push(s);
    if (i < values.length) {
      const v = values[i]!;
      out.push(typeof v === 'object' ? v : String(v));
    }
  });
  return out;
}

/** The phrase as plain text, people by their names. */
export function phraseText(p: Phrase): string {
  return p.map((s) => (typeof s === 'string' ? s : s.person.name)).join('');
}

/** Renders a phrase: words through `words`, people through `who`. */
export function renderPhrase(p: Phrase, words: (text: string) => string, who: (actor: Actor) => string): string {
  return p.map((s) => (typeof s === 'string' ? words(s) : who(s.person))).join('');
}
