import { formatTime, type ChecklistView } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { facts, heading, plain, text } from './elements.js';

/** A read-only status reply; buttons live only on the release's own cards, which stay current. */
export function statusCard(view: ChecklistView, timeZone: string): AdaptiveCard {
  const body: CardElement[] = [
    heading(`${view.releaseId}: ${plain(view.title, 150)}`),
    facts([
      ['Model', plain(view.modelName)],
      ['Status', view.statusLabel],
      ['Deployment', formatTime(view.deployedAt ?? view.plannedAt, timeZone, 'long')],
      ['Progress', `${view.progress.label} settled (${view.progress.percent}%)`],
      ['Release manager', plain(view.releaseManager.name, 60)],
    ]),
  ];
  for (const phase of view.phases) {
    const lines = phase.steps.map((s) => {
      const mark = s.state === 'done' ? '✅' : s.state === 'skipped' ? '⏭️' : s.overdue ? '⚠️' : '⬜';
      const who = s.by ? ` (${plain(s.by.name, 60)})` : s.assignee ? ` → ${plain(s.assignee.name, 60)}` : '';
      return `${mark} ${s.number}. ${plain(s.title, 120)} · ${s.ownerLabel}${who}${s.overdue ? ' · **overdue**' : ''}`;
    });
    body.push(text(`**${phase.label}** ${phase.done}/${phase.total}`, { separator: true }), text(lines.join('\n\n'), { spacing: 'None', size: 'Small' }));
  }
  return card(body);
}
