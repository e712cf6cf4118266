import type { Release } from '../domain/release-schema.js';
import type { Config } from '../config/config.js';
import { releaseFacts, type ReleaseFacts } from './release-facts.js';
import { FiguresTally, type Figures } from './figures.js';
import { StepTally, type StepMetrics } from './step-tally.js';
import { bucketsBetween, findBucket, type BucketInfo, type BucketSize } from './period-buckets.js';
import { ZoneOffsets } from './zone-offsets.js';
import { FREEZE_NEAR_MS, FreezeCalendar } from './freeze-calendar.js';
import type { FreezeWindow } from '../domain/freeze-windows.js';

export interface MetricsOptions {
  /** Inclusive window in epoch ms; without `from` the window starts at the first release. */
  from?: number;
  to: number;
  timeZone: string;
  bucket: BucketSize;
  report: Config['report'];
  /** To tell deployments inside or next to a freeze; without them only recorded freeze overrides count. */
  freezeWindows?: readonly FreezeWindow[];
}

export interface ModelMetrics {
  modelId: string;
  modelName: string;
  costPerFailure: number;
  /** The step whose completion marks deployment, as of the model's newest release. */
  deploymentStep: string;
  figures: Figures;
  /** The model's figures per period, the same periods as the overall trend. */
  trend: TrendPoint[];
  /** In model order, as the steps were first seen. */
  steps: StepMetrics[];
}

export interface TrendPoint extends BucketInfo {
  figures: Figures;
}

export interface ReportMetrics {
  from?: number;
  to: number;
  /** Where the window really starts: `from`, or the first release when there is none. */
  spanStart: number;
  timeZone: string;
  bucket: BucketSize;
  onTimeToleranceMs: number;
  /** How many freeze windows the report knew: with none, "next to a freeze" cannot be told. */
  freezeWindows: number;
  /** How close to a freeze a deployment counts as next to it. */
  freezeNearMs: number;
  overall: Figures;
  byModel: ModelMetrics[];
  trend: TrendPoint[];
}

/** Figures for the whole window and for each period of it, fed together. */
class Slice {
  readonly whole = new FiguresTally();
  readonly periods: FiguresTally[];

  constructor(private readonly buckets: readonly BucketInfo[]) {
    this.periods = buckets.map(() => new FiguresTally());
  }

  private at(t: number): FiguresTally | undefined {
    return this.periods[findBucket(this.buckets, t)];
  }

  started(t: number): void {
    this.whole.started++;
    const p = this.at(t);
    if (p) p.started++;
  }

  cancelled(t: number): void {
    this.whole.cancelled++;
    const p = this.at(t);
    if (p) p.cancelled++;
  }

  rejected(t: number): void {
    this.whole.addRejected();
    this.at(t)?.addRejected();
  }

  approved(f: ReleaseFacts, t: number): void {
    this.whole.addApproved(f);
    this.at(t)?.addApproved(f);
  }

  deployed(f: ReleaseFacts, t: number, toleranceMs: number, cost: number): void {
    this.whole.addDeployed(f, toleranceMs, cost);
    this.at(t)?.addDeployed(f, toleranceMs, cost);
  }

  trend(spanStart: number, to: number): TrendPoint[] {
    return this.buckets.map((b, i) => {
      const clippedSpan = Math.min(b.end, to) - Math.max(b.start, spanStart);
      return { ...b, figures: (this.periods[i] as FiguresTally).finish(clippedSpan) };
    });
  }
}

interface ModelSlice {
  name: string;
  slice: Slice;
  steps: StepTally;
  cost: number;
  deploymentStep: string;
}

/**
 * Pure: the same releases and options always give the same figures. Each event counts in the window and period it
 * happened in: a release started in March and deployed in April is started in March and deployed in April.
 * Deployment figures (failure rate, lead time, on-time, checklist, steps, cost, overrides, freezes) belong to the
 * deployment's period; a gate rejection and the time to approval to the period of the rejection and the approval.
 */
export function computeMetrics(releases: Iterable<Release>, options: MetricsOptions): ReportMetrics {
  const zone = new ZoneOffsets(options.timeZone);
  const freezes = new FreezeCalendar(options.freezeWindows ?? [], options.timeZone);
  const facts: ReleaseFacts[] = [];
  for (const r of releases) facts.push(releaseFacts(r, zone, freezes));
  return computeMetricsFromFacts(facts, options);
}

export function computeMetricsFromFacts(facts: readonly ReleaseFacts[], options: MetricsOptions): ReportMetrics {
  const { from, to, timeZone, bucket, report } = options;
  const tolerance = report.onTimeToleranceMs;
  const inWindow = (t: number | undefined): t is number => t !== undefined && (from === undefined || t >= from) && t <= to;
  const sorted = [...facts].sort((a, b) => a.createdAt - b.createdAt);
  let spanStart = from ?? sorted[0]?.createdAt ?? to;
  if (spanStart > to) spanStart = to;

  const buckets = bucketsBetween(spanStart, to, bucket, timeZone);
  const overall = new Slice(buckets);
  const models = new Map<string, ModelSlice>();
  const model = (f: ReleaseFacts): ModelSlice => {
    let m = models.get(f.modelId);
    if (!m) {
      const cost = report.failureCostByModel[f.modelId] ?? report.failureCost;
      m = { name: f.modelName, slice: new Slice(buckets), steps: new StepTally(), cost, deploymentStep: f.deploymentStep };
      models.set(f.modelId, m);
    }
    m.name = f.modelName;
    m.deploymentStep = f.deploymentStep;
    return m;
  };

  for (const f of sorted) {
    const started = inWindow(f.createdAt);
    const deployed = inWindow(f.deployedAt);
    const cancelled = f.deployedAt === undefined && inWindow(f.cancelledAt);
    const rejected = inWindow(f.rejectedAt);
    const approved = inWindow(f.approvedAt);
    if (!started && !deployed && !cancelled && !rejected && !approved) continue;
    const m = model(f);
    for (const slice of [overall, m.slice]) {
      if (started) slice.started(f.createdAt);
      if (cancelled) slice.cancelled(f.cancelledAt as number);
      if (rejected) slice.rejected(f.rejectedAt as number);
      if (approved) slice.approved(f, f.approvedAt as number);
      if (deployed) slice.deployed(f, f.deployedAt as number, tolerance, m.cost);
    }
    if (deployed) m.steps.add(f);
  }

  const span = to - spanStart;
  const byModel: ModelMetrics[] = [...models.entries()].map(([modelId, m]) => ({
    modelId,
    modelName: m.name,
    costPerFailure: m.cost,
    deploymentStep: m.deploymentStep,
    figures: m.slice.whole.finish(span),
    trend: m.slice.trend(spanStart, to),
    steps: m.steps.finish(),
  }));
  byModel.sort((a, b) => b.figures.deployed - a.figures.deployed || b.figures.started - a.figures.started || a.modelName.localeCompare(b.modelName));
  const result: ReportMetrics = { to, spanStart, timeZone, bucket, onTimeToleranceMs: tolerance, freezeWindows: options.freezeWindows?.length ?? 0, freezeNearMs: FREEZE_NEAR_MS, overall: overall.whole.finish(span), byModel, trend: overall.trend(spanStart, to) };
  if (from !== undefined) result.from = from;
  return result;
}
