import type { ReleaseModel } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { heading, plain, text } from './elements.js';

export function modelsCard(models: readonly ReleaseModel[]): AdaptiveCard {
  const body: CardElement[] = [heading('Release models')];
  for (const m of models) {
    body.push(text(`**${plain(m.name)}** · ${m.risk} risk · ${m.steps.length} steps${m.els ? ' · early life support' : ''}`, { separator: true }));
    body.push(text(plain(m.description, 600), { subtle: true, spacing: 'None' }));
  }
  return card(body);
}
