import { formatTime, type ChecklistView } from '../../../src/index.js';
import { card, type AdaptiveCard } from './card-types.js';
import { facts, heading, plain, text } from './elements.js';

export function listCard(views: readonly ChecklistView[], timeZone: string): AdaptiveCard {
  if (views.length === 0) return card([heading('Active releases'), text('No active releases. Start one with **release**.')]);
  return card([
    heading(`Active releases (${views.length})`),
    facts(views.map((v) => [v.releaseId, `${plain(v.title, 80)} · ${plain(v.modelName)} · ${v.statusLabel} · ${v.progress.label} · ${formatTime(v.plannedAt, timeZone, 'short')}`])),
    text(`Times in ${timeZone}. Type **status R-1** for one release.`, { subtle: true, size: 'Small' }),
  ]);
}
