import type { Release } from '../domain/release-schema.js';

/**
 * Contract for issue 5 (outcomes and the value report). The implementation fills in ReportSummary;
 * surfaces only render it (text in console, Block Kit in Slack, a card in Teams).
 */
/** "all", or the last N days: "7d", "30d". Weeks are read as days ("4w" is "28d"). */
export type ReportPeriod = 'all' | `${number}d`;

const MAX_DAYS = 3660;

/** "7d", "4w", "90 days", "2 weeks", "all" → a period; anything else → undefined. */
export function parseReportPeriod(text: string): ReportPeriod | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'all') return 'all';
  const m = /^(\d{1,4})\s*(d|days?|w|weeks?)$/.exec(t);
  if (!m) return undefined;
  const days = Number(m[1]) * (m[2]!.startsWith('w') ? 7 : 1);
  return days >= 1 && days <= MAX_DAYS ? `${days}d` : undefined;
}

export function periodDays(period: ReportPeriod): number | undefined {
  return period === 'all' ? undefined : Number(period.slice(0, -1));
}

/** "all time", "last day", "last 30 days". */
export function periodLabel(period: ReportPeriod): string {
  const days = periodDays(period);
  return days === undefined ? 'all time' : days === 1 ? 'last day' : `last ${days} days`;
}

export interface ReportSummary {
  period: ReportPeriod;
  /** The period in words: "last 30 days", "all time". */
  periodLabel: string;
  /** ISO-8601 bounds of the period. `from` is undefined for "all". */
  from?: string;
  to: string;
  /** Key figures as label/value pairs, in display order, e.g. {label: "Change failure rate", value: "12% (3/25)"}. */
  keyFigures: Array<{ label: string; value: string }>;
  /** Per-model lines, e.g. "Major: 4 deployed, CFR 25%, lead time 3.2d". */
  byModel: Array<{ modelId: string; modelName: string; line: string }>;
  /** The top insights in plain words, most important first. */
  insights: string[];
}

export interface ReportService {
  /** `where` keeps the releases a chat workspace may see; the console and the report command see all. */
  summary(period: ReportPeriod, where?: (release: Release) => boolean): Promise<ReportSummary>;
}
