import type { ChecklistView } from '../../../src/view/checklist-view.js';
import { formatDeployTime, type TimeOptions } from './format-time.js';

/** One line per active release: "* R-1  Payments v2 · Major · Planned · deploy … · 3/24"; "*" marks the current one. */
export function renderList(views: readonly ChecklistView[], opts: TimeOptions, current?: string): string {
  if (views.length === 0) return 'No active releases. Type /release to start one.';
  const lines = [`Active releases (${views.length}):`];
  for (const v of views) {
    const p = v.progress;
    lines.push(
      `${v.releaseId === current ? '* ' : '  '}${v.releaseId.padEnd(5)} ${v.title} · ${v.modelName} · ${v.statusLabel} · deploy ${formatDeployTime(v.plannedAt, opts.timeZone)} · ${p.done + p.skipped}/${p.total} · RM ${v.releaseManager.name}`,
    );
  }
  return lines.join('\n');
}
