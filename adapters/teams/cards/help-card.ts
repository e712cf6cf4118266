import type { CommandSpec } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { facts, heading, problem, text } from './elements.js';

/** The commands as the core lists them; `note` says why help is shown instead (an unknown command). */
export function helpCard(help: { entries: readonly CommandSpec[]; intro: string; note?: string }): AdaptiveCard {
  const body: CardElement[] = [];
  if (help.note) body.push(problem(help.note));
  body.push(heading('Release Bot'), text(help.intro, { spacing: 'None' }));
  body.push(text('In a channel, mention me first: **@Release Bot release**. In a personal chat just type the command.', { subtle: true }));
  body.push(facts(help.entries.map((e) => [e.usage, `${e.description} e.g. \`${e.example}\``])));
  return card(body);
}
