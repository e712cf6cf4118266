import { formatTime, type Digest, type DigestStep, type Outcome } from '../../../src/index.js';
import type { TimeOptions } from './render-step.js';

const WHY: Record<DigestStep['why'], string> = { assigned: 'assigned to you', role: 'your role', unstaffed: 'nobody holds its role: yours as release manager' };

/** "2 overdue, 1 due within a day". */
export function digestCounts(d: Pick<Digest, 'overdue' | 'dueSoon'>): string {
  return [d.overdue ? `${d.overdue} overdue` : '', d.dueSoon ? `${d.dueSoon} due within a day` : ''].filter(Boolean).join(', ');
}

/** The digest as terminal lines: each release, then its steps, overdue first. */
export function renderDigest(digest: Digest, opts: TimeOptions): string[] {
  const lines = [`Your steps (${digestCounts(digest)})`];
  for (const r of digest.releases) {
    const when = r.deployedAt ? `deployed ${formatTime(r.deployedAt, opts.timeZone, 'short')}` : `deploys ${formatTime(r.plannedAt, opts.timeZone, 'short')}`;
    lines.push(`  ${r.releaseId} ${r.title} · ${when}`);
    for (const s of r.steps) {
      const due = s.dueAt ? `${s.overdue ? 'OVERDUE since' : 'due'} ${formatTime(s.dueAt, opts.timeZone, 'short')}` : '';
      lines.push(`    ${String(s.number).padStart(3)}. ${s.title}${due ? ` — ${due}` : ''} · ${WHY[s.why]}`);
    }
    if (r.moreOpen) lines.push(`         and ${r.moreOpen} more open step${r.moreOpen === 1 ? '' : 's'}, not due yet`);
  }
  return lines;
}

/** The answer to "digest", "digest on" and "digest off". */
export function renderDigestOutcome(o: Extract<Outcome, { kind: 'digest' }>, opts: TimeOptions): string {
  if (o.message) return `✓ ${o.message}`;
  const lines = o.digest ? renderDigest(o.digest, opts) : ['Nothing of yours is overdue or due within a day.'];
  lines.push(o.off ? 'Daily digest: off ("digest on" starts it).' : o.at ? `Daily digest: on, at ${o.at} ("digest off" stops it).` : 'Daily digest: not sent by this bot (DIGEST_AT is off).');
  return lines.join('\n');
}
