/**
 * Contract for issue 5 (outcomes and the value report). The implementation fills in ReportSummary;
 * surfaces only render it (text in console, Block Kit in Slack, a card in Teams).
 */
export type ReportPeriod = '30d' | '90d' | 'all';

export interface ReportSummary {
  period: ReportPeriod;
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
  summary(period: ReportPeriod): Promise<ReportSummary>;
}
