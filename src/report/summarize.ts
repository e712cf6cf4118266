import type { Config } from '../config/config.js';
import { periodLabel, type ReportPeriod, type ReportSummary } from './report-service.js';
import type { FullReport } from './full-report.js';
import type { Figures, Spread } from './figures.js';
import { durationText, elsIncidentsText, frequencyText, moneyText, percent, plural, ratioText } from './format-figures.js';
import type { ReportMetrics } from './compute-metrics.js';

/** How many insights a chat summary shows; the HTML report shows them all. */
export const SUMMARY_INSIGHTS = 5;

function spreadText(s: Spread): string {
  return s.medianMs === undefined ? '–' : `median ${durationText(s.medianMs)}, p90 ${durationText(s.p90Ms)}`;
}

/** Gate figures only where some release had gates or an override, as the ELS line only where there is an ELS result. */
function gateFigures(o: Figures): ReportSummary['keyFigures'] {
  if (o.gatedDeployed + o.overrides.count + o.gatesRejected + o.startToApproval.count === 0) return [];
  const out = [
    { label: 'Deployed with an override', value: ratioText(o.overrides) },
    { label: 'Gates rejected', value: o.gatesRejected === 0 ? 'none' : plural(o.gatesRejected, 'release') },
  ];
  if (o.startToApproval.count > 0) out.push({ label: 'Start to approval', value: spreadText(o.startToApproval) });
  return out;
}

/** "1 inside, 2 next to one (within 1d)". Without the windows only overrides tell, and "next to" cannot be told at all. */
function freezeText(m: ReportMetrics): string {
  const f = m.overall;
  if (m.freezeWindows === 0) return `${f.freeze.inside} inside, by recorded overrides (no freeze windows known)`;
  return `${f.freeze.inside} inside, ${f.freeze.nextTo} next to one (within ${durationText(m.freezeNearMs)})`;
}

/** The per-model line's gate and freeze parts, each only when there is something to say. */
function gateParts(f: Figures): string[] {
  const parts: string[] = [];
  if (f.startToApproval.count > 0) parts.push(`start to approval ${durationText(f.startToApproval.medianMs)}`);
  if (f.overrides.count > 0) parts.push(`${f.overrides.count} with an override`);
  if (f.gatesRejected > 0) parts.push(`${f.gatesRejected} rejected at a gate`);
  if (f.freeze.inside > 0) parts.push(`${f.freeze.inside} inside a freeze`);
  if (f.freeze.nextTo > 0) parts.push(`${f.freeze.nextTo} next to a freeze`);
  return parts;
}

/** The compact summary every chat surface renders: key figures, one line per model, the top insights. */
export function summarize(report: FullReport, period: ReportPeriod, costs: Config['report']): ReportSummary {
  const m = report.metrics;
  const o = m.overall;
  const cfr = ratioText(o.changeFailure);
  const keyFigures: ReportSummary['keyFigures'] = [
    { label: 'Releases', value: `${o.started} started, ${o.deployed} deployed, ${o.cancelled} cancelled` },
    { label: 'Deployment frequency', value: frequencyText(o.deploymentsPerWeek, o.deploymentsPerDay) },
    { label: 'Change failure rate', value: o.awaitingOutcome > 0 ? `${cfr}, ${o.awaitingOutcome} awaiting outcome` : cfr },
    { label: 'Lead time (start to deploy)', value: spreadText(o.leadTime) },
    { label: `On time (within ${durationText(m.onTimeToleranceMs)})`, value: ratioText(o.onTime) },
    { label: 'Checklist done at deployment', value: o.checklistCompletion.rate === undefined ? '–' : percent(o.checklistCompletion.rate) },
  ];
  // Only when some release in the period has an ELS result: releases without one are left out of these figures.
  if (o.elsExitMet.of > 0) keyFigures.push({ label: 'ELS exit criteria met', value: `${ratioText(o.elsExitMet)}, ${elsIncidentsText(o)}` });
  keyFigures.push(...gateFigures(o));
  if (m.freezeWindows > 0 || o.freeze.inside > 0) keyFigures.push({ label: 'Deployed in or next to a freeze', value: freezeText(m) });
  const costConfigured = costs.failureCost > 0 || Object.values(costs.failureCostByModel).some((c) => c > 0);
  if (costConfigured) keyFigures.push({ label: 'Estimated cost of failures', value: moneyText(o.failureCost) });
  const byModel = m.byModel.map((model) => {
    const f = model.figures;
    const cf = f.changeFailure.rate === undefined ? '–' : percent(f.changeFailure.rate);
    const parts = [`${f.deployed} deployed`, `CFR ${cf}`, `lead time ${durationText(f.leadTime.medianMs)}`];
    if (f.cancelled > 0) parts.push(`${f.cancelled} cancelled`);
    if (f.elsExitMet.of > 0) parts.push(`ELS exit met ${f.elsExitMet.count}/${f.elsExitMet.of} (${elsIncidentsText(f, true)})`);
    parts.push(...gateParts(f));
    return { modelId: model.modelId, modelName: model.modelName, line: `${model.modelName}: ${parts.join(', ')}` };
  });
  const summary: ReportSummary = { period, periodLabel: periodLabel(period), to: report.generatedAt, keyFigures, byModel, insights: report.insights.slice(0, SUMMARY_INSIGHTS) };
  if (m.from !== undefined) summary.from = new Date(m.from).toISOString();
  return summary;
}
