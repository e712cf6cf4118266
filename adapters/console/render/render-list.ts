import { formatTime, type ChecklistView } from '../../../src/index.js';
import type { TimeOptions } from './render-step.js';

/** One line per active release: "* R-1  Payments v2 · Major · Planned · deploy … · 3/24"; "*" marks the current one. */
export function renderList(views: readonly ChecklistView[], opts: TimeOptions, current?: string): string {
  if (views.length === 0) return 'No active releases. Type /release to start one.';
  const lines = [`Active releases (${views.length}):`];
  for (const v of views) {
    const p = v.progress;
    lines.push(
      `${v.releaseId === current ? '* ' : '  '}${v.releaseId.padEnd(5)} ${v.title} · ${v.modelName} · ${v.statusLabel} · deploy ${formatTime(v.plannedAt, opts.timeZone)} · ${p.done + p.skipped}/${p.total} · RM ${v.releaseManager.name}`,
    );
  }
  return lines.join('\n');
}
