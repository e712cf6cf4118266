import type { ReleaseFacts } from './release-facts.js';
import { quantile } from './quantile.js';

/** A count out of a total, with the rate undefined when there is nothing to divide by. */
export interface Ratio {
  count: number;
  of: number;
  rate?: number;
}

/** The key figures for one slice of releases: overall, one model, or one period. */
export interface Figures {
  started: number;
  deployed: number;
  cancelled: number;
  deploymentsPerWeek: number;
  deploymentsPerDay: number;
  /**
   * Change failure rate as DORA defines it, over deployments whose outcome is known. A release that is deployed
   * but not yet closed has no outcome: it is left out of both sides of the ratio and counted in `awaitingOutcome`,
   * because counting it as a success would flatter a model whose releases are never closed.
   */
  changeFailure: Ratio;
  awaitingOutcome: number;
  leadTime: Spread;
  onTime: Ratio;
  /** Pre-deployment steps done at deployment, over all such steps of the deployed releases. */
  checklistCompletion: Ratio;
  /** Failure rate of deployments that went out with every pre-deployment step done… */
  allStepsDone: Ratio;
  /** …against those that went out with a step skipped or left open. */
  stepsMissed: Ratio;
  incidents: number;
  /**
   * ELS result of closed releases: exit criteria met, over closed releases with an ELS result recorded. Releases
   * closed without one (a model without ELS, or nobody said) are left out of both sides, as are their incidents,
   * so a missing answer counts neither as met nor as a quiet ELS.
   */
  elsExitMet: Ratio;
  /** Incidents during ELS over the same releases as `elsExitMet`; `perRelease` is undefined when there are none. */
  elsIncidents: { total: number; of: number; perRelease?: number };
  failureCost: number;
  /** Deployments of releases whose model has gates: whether the gate figures below mean anything. */
  gatedDeployed: number;
  /** Deployments the release manager pushed through with gates or required steps missing, over all deployments. */
  overrides: Ratio;
  /** Releases whose gate was first rejected in the slice, even if it was approved later. */
  gatesRejected: number;
  /** Deployments inside a freeze window, and within FREEZE_NEAR_MS of one (before or after). */
  freeze: { inside: number; nextTo: number };
  /** Start to the last approval, in the slice where the approval happened. */
  startToApproval: Spread;
  /** Failure rate of gated deployments that went out with every gate passed… */
  gatesPassed: Ratio;
  /** …against those that went out with an override. */
  overridden: Ratio;
}

/** Median and 90th percentile of durations, and how many there are. */
export interface Spread {
  medianMs?: number;
  p90Ms?: number;
  count: number;
}

const DAY_MS = 86_400_000;

function ratio(count: number, of: number): Ratio {
  return of > 0 ? { count, of, rate: count / of } : { count, of };
}

function spread(values: number[]): Spread {
  const sorted = values.sort((a, b) => a - b);
  const out: Spread = { count: sorted.length };
  if (sorted.length) {
    out.medianMs = quantile(sorted, 0.5);
    out.p90Ms = quantile(sorted, 0.9);
  }
  return out;
}

/** Accumulates events into Figures; one per slice, fed in a single pass over the releases. */
export class FiguresTally {
  started = 0;
  deployed = 0;
  cancelled = 0;
  private known = 0;
  private failures = 0;
  private awaiting = 0;
  private lead: number[] = [];
  private onTime = 0;
  private stepsDone = 0;
  private stepsTotal = 0;
  private allDone = { of: 0, failed: 0 };
  private missed = { of: 0, failed: 0 };
  private incidents = 0;
  private els = { of: 0, met: 0, incidents: 0 };
  private cost = 0;
  private gated = 0;
  private overrides = 0;
  private rejected = 0;
  private freeze = { inside: 0, nextTo: 0 };
  private approval: number[] = [];
  private gatesPassed = { of: 0, failed: 0 };
  private overridden = { of: 0, failed: 0 };

  addRejected(): void {
    this.rejected++;
  }

  addApproved(f: ReleaseFacts): void {
    if (f.approvedAt !== undefined) this.approval.push(f.approvedAt - f.createdAt);
  }

  /** `costPerFailure` is the model's configured cost, so one tally can mix models. */
  addDeployed(f: ReleaseFacts, toleranceMs: number, costPerFailure: number): void {
    this.deployed++;
    if (f.leadTimeMs !== undefined) this.lead.push(f.leadTimeMs);
    if (f.offPlanMs !== undefined && Math.abs(f.offPlanMs) <= toleranceMs) this.onTime++;
    this.incidents += f.incidents.length;
    if (f.gated) this.gated++;
    if (f.deployOverride) this.overrides++;
    if (f.freezeAtDeploy === 'inside') this.freeze.inside++;
    else if (f.freezeAtDeploy === 'next_to') this.freeze.nextTo++;
    const c = f.checklist;
    if (c) {
      this.stepsDone += c.done;
      this.stepsTotal += c.total;
    }
    if (f.failed === undefined) {
      // A deployed release that was then cancelled will never get an outcome: it is not waiting for one.
      if (f.status !== 'cancelled') this.awaiting++;
      return;
    }
    this.known++;
    const failed = f.failed ? 1 : 0;
    this.failures += failed;
    this.cost += failed * costPerFailure;
    if (f.elsExitMet !== undefined) {
      this.els.of++;
      if (f.elsExitMet) this.els.met++;
      this.els.incidents += f.elsIncidents ?? 0;
    }
    const cohort = c && c.done === c.total ? this.allDone : this.missed;
    cohort.of++;
    cohort.failed += failed;
    const gates = f.everyGatePassed ? this.gatesPassed : f.deployOverride ? this.overridden : undefined;
    if (gates) {
      gates.of++;
      gates.failed += failed;
    }
  }

  finish(spanMs: number): Figures {
    const days = Math.max(spanMs, DAY_MS) / DAY_MS;
    return {
      started: this.started,
      deployed: this.deployed,
      cancelled: this.cancelled,
      deploymentsPerDay: this.deployed / days,
      deploymentsPerWeek: (this.deployed / days) * 7,
      changeFailure: ratio(this.failures, this.known),
      awaitingOutcome: this.awaiting,
      leadTime: spread(this.lead),
      onTime: ratio(this.onTime, this.deployed),
      checklistCompletion: ratio(this.stepsDone, this.stepsTotal),
      allStepsDone: ratio(this.allDone.failed, this.allDone.of),
      stepsMissed: ratio(this.missed.failed, this.missed.of),
      incidents: this.incidents,
      elsExitMet: ratio(this.els.met, this.els.of),
      elsIncidents: this.els.of > 0 ? { total: this.els.incidents, of: this.els.of, perRelease: this.els.incidents / this.els.of } : { total: 0, of: 0 },
      failureCost: this.cost,
      gatedDeployed: this.gated,
      overrides: ratio(this.overrides, this.deployed),
      gatesRejected: this.rejected,
      freeze: { ...this.freeze },
      startToApproval: spread(this.approval),
      gatesPassed: ratio(this.gatesPassed.failed, this.gatesPassed.of),
      overridden: ratio(this.overridden.failed, this.overridden.of),
    };
  }
}
