import type { ModelMetrics, ReportMetrics } from './compute-metrics.js';
import type { StepMetrics } from './step-tally.js';
import { durationText, moneyText, percent, plural } from './format-figures.js';

export interface Insight {
  /** One sentence in plain words. */
  text: string;
  /** Higher comes first: evidence about failures outranks housekeeping. */
  weight: number;
}

/** "both", "all 3", "2 of 3". */
function outOf(count: number, total: number): string {
  if (count !== total || total < 2) return `${count} of ${total}`;
  return total === 2 ? 'both' : `all ${total}`;
}

/** The step most often missed in failed releases, if it was missed in at least half of them and more than in successes. */
function suspectStep(m: ModelMetrics): StepMetrics | undefined {
  let best: StepMetrics | undefined;
  for (const s of m.steps) {
    if (s.failedReleases === 0 || s.notDoneInFailed * 2 < s.failedReleases) continue;
    const inFailed = s.notDoneInFailed / s.failedReleases;
    const inSucceeded = s.succeededReleases > 0 ? s.notDoneInSucceeded / s.succeededReleases : 0;
    if (inFailed <= inSucceeded) continue;
    if (!best || s.notDoneInFailed > best.notDoneInFailed) best = s;
  }
  return best;
}

function modelFailures(m: ModelMetrics): Insight | undefined {
  const cf = m.figures.changeFailure;
  if (cf.count === 0 || cf.rate === undefined) return undefined;
  let text = `${m.modelName}: ${cf.count} of ${plural(cf.of, 'release')} failed`;
  const step = suspectStep(m);
  if (step) {
    const verb = step.skippedInFailed === step.notDoneInFailed ? 'skipped' : 'not done';
    text += `; '${step.title}' was ${verb} in ${outOf(step.notDoneInFailed, step.failedReleases)}`;
    if (step.succeededReleases > 0) text += ` (and in ${step.notDoneInSucceeded} of ${step.succeededReleases} that succeeded)`;
  }
  return { text: `${text}.`, weight: (step ? 80 : 50) + cf.rate * 10 };
}

/** "Often" unmet: at least this many releases, and at least this share of those with an ELS result. */
const ELS_UNMET_MIN = 2;
const ELS_UNMET_SHARE = 1 / 3;

/** Exit criteria missed at the end of ELS mean the release left problems behind even when its outcome was a success. */
function elsUnmet(m: ModelMetrics): Insight | undefined {
  const { count: met, of } = m.figures.elsExitMet;
  const unmet = of - met;
  if (unmet < ELS_UNMET_MIN || unmet < of * ELS_UNMET_SHARE) return undefined;
  const incidents = m.figures.elsIncidents.total;
  const tail = incidents > 0 ? `; ${plural(incidents, 'incident')} during ELS` : '';
  return { text: `${m.modelName}: ELS exit criteria unmet in ${outOf(unmet, of)} releases${tail}.`, weight: 55 + (unmet / of) * 10 };
}

function rigour(metrics: ReportMetrics): Insight | undefined {
  const { allStepsDone: done, stepsMissed: missed } = metrics.overall;
  if (done.rate !== undefined && missed.rate !== undefined) {
    const compare = `Releases with every step done failed ${percent(done.rate)} (${done.count} of ${done.of}) vs ${percent(missed.rate)} (${missed.count} of ${missed.of}) when steps were skipped or left open`;
    if (done.rate < missed.rate) return { text: `${compare}.`, weight: 90 };
    return { text: `${compare}: no evidence yet that the full checklist lowers failures.`, weight: 45 };
  }
  const only = done.rate !== undefined ? done : missed;
  if (only.rate === undefined || only.of < 3) return undefined;
  const how = done.rate !== undefined ? 'with every step done' : 'with steps skipped or left open';
  return { text: `All ${only.of} releases with a known outcome went out ${how}; ${only.count} failed, so there is nothing to compare yet.`, weight: 25 };
}

/** The gates' own "does it pay": deployments that passed every gate against those pushed through with an override. */
function gatesPay(metrics: ReportMetrics): Insight | undefined {
  const { gatesPassed: passed, overridden } = metrics.overall;
  if (passed.rate === undefined || overridden.rate === undefined) return undefined;
  const compare = `Releases deployed with every gate passed failed ${percent(passed.rate)} (${passed.count} of ${passed.of}) vs ${percent(overridden.rate)} (${overridden.count} of ${overridden.of}) when deployed with an override`;
  if (passed.rate < overridden.rate) return { text: `${compare}.`, weight: 85 };
  return { text: `${compare}: no evidence yet that the gates lower failures.`, weight: 42 };
}

/** Deploying inside a freeze, or just before or after one, is what the freeze was meant to prevent. */
function freezes(metrics: ReportMetrics, scope: string): Insight | undefined {
  const { inside, nextTo } = metrics.overall.freeze;
  if (inside + nextTo === 0) return undefined;
  const within = `within ${durationText(metrics.freezeNearMs)}`;
  if (inside === 0) return { text: `${plural(nextTo, 'deployment')} went out ${within} of a freeze window ${scope}, none inside one.`, weight: 32 };
  const near = nextTo > 0 ? ` and ${nextTo} ${within} of one` : '';
  return { text: `${plural(inside, 'deployment')} went out inside a freeze window${near} ${scope}.`, weight: 58 };
}

function stepHousekeeping(m: ModelMetrics): Insight[] {
  const out: Insight[] = [];
  for (const s of m.steps) {
    if (s.dropCandidate) out.push({ text: `'${s.title}' is skipped in ${s.skipped} of ${s.releases} ${m.modelName} releases: a candidate to drop.`, weight: 60 + (s.skipRate ?? 0) * 5 });
    // The deployment step's lateness is the on-time rate, reported on its own with its tolerance.
    else if (s.stepId !== m.deploymentStep && s.done >= 3 && (s.lateRate ?? 0) >= 0.5) out.push({ text: `'${s.title}' is done late in ${s.late} of ${s.done} ${m.modelName} releases.`, weight: 30 + (s.lateRate ?? 0) * 5 });
  }
  return out;
}

/**
 * The report's findings in plain words, most important first. `scope` names the period in a sentence,
 * e.g. "in the last 30 days". With no data, says so plainly instead of printing zeros.
 */
export function buildInsights(metrics: ReportMetrics, scope: string): Insight[] {
  const o = metrics.overall;
  if (o.started + o.deployed + o.cancelled === 0) return [{ text: `No releases ${scope}.`, weight: 100 }];
  const out: Insight[] = [];
  if (o.deployed === 0) {
    const text =
      o.cancelled > 0 && o.cancelled >= o.started
        ? `All ${plural(o.cancelled, 'release')} ${scope} ${o.cancelled === 1 ? 'was' : 'were'} cancelled; nothing was deployed.`
        : `No deployments ${scope} (${o.started} started, ${o.cancelled} cancelled), so there is no failure rate or lead time yet.`;
    return [{ text, weight: 100 }];
  }
  if (o.awaitingOutcome > 0) {
    const noneKnown = o.changeFailure.of === 0;
    const they = o.awaitingOutcome === 1 ? 'it' : 'them';
    out.push({
      text: `${plural(o.awaitingOutcome, 'deployed release has', 'deployed releases have')} no recorded outcome yet; close ${they} to count ${they} in the failure rate.`,
      weight: noneKnown ? 95 : 35,
    });
  }
  for (const i of [rigour(metrics), gatesPay(metrics), freezes(metrics, scope)]) if (i) out.push(i);
  for (const m of metrics.byModel) {
    const f = modelFailures(m);
    if (f) out.push(f);
    const els = elsUnmet(m);
    if (els) out.push(els);
    out.push(...stepHousekeeping(m));
  }
  if (o.failureCost > 0) {
    out.push({ text: `Failed releases cost an estimated ${moneyText(o.failureCost)} (${plural(o.changeFailure.count, 'failure')}).`, weight: 70 });
  }
  if (o.onTime.rate !== undefined && o.onTime.of >= 3 && o.onTime.rate < 0.7) {
    out.push({
      text: `Only ${percent(o.onTime.rate)} of deployments (${o.onTime.count} of ${o.onTime.of}) went out within ${durationText(metrics.onTimeToleranceMs)} of the planned time.`,
      weight: 40,
    });
  }
  if (o.changeFailure.of >= 3 && o.changeFailure.count === 0) {
    out.push({ text: `No failures in ${o.changeFailure.of} deployments with a known outcome.`, weight: 20 });
  }
  return out.sort((a, b) => b.weight - a.weight);
}
