import type { Figures, Ratio } from './figures.js';

export function percent(rate: number): string {
  const p = rate * 100;
  return `${p > 0 && p < 1 ? p.toFixed(1) : Math.round(p)}%`;
}

/** "12% (3/25)", or "–" when there is nothing to divide by. */
export function ratioText(r: Ratio): string {
  return r.rate === undefined ? '–' : `${percent(r.rate)} (${r.count}/${r.of})`;
}

/** Compact durations for chat: "45m", "5.5h", "3.2d". */
export function durationText(ms: number | undefined): string {
  if (ms === undefined) return '–';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 3_600_000) return `${sign}${Math.round(abs / 60_000)}m`;
  if (abs < 86_400_000) return `${sign}${trim(abs / 3_600_000)}h`;
  return `${sign}${trim(abs / 86_400_000)}d`;
}

function trim(n: number): string {
  return n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, '');
}

/** A small average for chat: "0.4", "1", "12"; "0.04" rather than a misleading "0" when there is something. */
export function decimalText(n: number): string {
  if (n > 0 && n < 0.01) return '<0.01';
  return n > 0 && n < 0.05 ? n.toFixed(2) : trim(n);
}

/** "1 incident per release" ("1 incident/release" when short), or "–" when no ELS result was recorded. */
export function elsIncidentsText(f: Figures, short = false): string {
  const per = f.elsIncidents.perRelease;
  if (per === undefined) return '–';
  return `${decimalText(per)} ${per === 1 ? 'incident' : 'incidents'}${short ? '/' : ' per '}release`;
}

export function moneyText(amount: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(amount);
}

export function frequencyText(perWeek: number, perDay: number): string {
  if (perWeek === 0) return 'none';
  return perDay >= 1 ? `${trim(perDay)} per day` : `${trim(perWeek)} per week`;
}

/** "1 release", "3 releases". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
