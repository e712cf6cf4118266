import type { Config } from '../config/config.js';
import { periodLabel, type ReportPeriod, type ReportSummary } from './report-service.js';
import type { FullReport } from './full-report.js';
import type { Figures } from './figures.js';
import { durationText, elsIncidentsText, frequencyText, moneyText, percent, ratioText } from './format-figures.js';

/** How many insights a chat summary shows; the HTML report shows them all. */
export const SUMMARY_INSIGHTS = 5;

function leadTime(f: Figures): string {
  const l = f.leadTime;
  return l.medianMs === undefined ? '–' : `median ${durationText(l.medianMs)}, p90 ${durationText(l.p90Ms)}`;
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
    { label: 'Lead time (start to deploy)', value: leadTime(o) },
    { label: `On time (within ${durationText(m.onTimeToleranceMs)})`, value: ratioText(o.onTime) },
    { label: 'Checklist done at deployment', value: o.checklistCompletion.rate === undefined ? '–' : percent(o.checklistCompletion.rate) },
  ];
  // Only when some release in the period has an ELS result: releases without one are left out of these figures.
  if (o.elsExitMet.of > 0) keyFigures.push({ label: 'ELS exit criteria met', value: `${ratioText(o.elsExitMet)}, ${elsIncidentsText(o)}` });
  const costConfigured = costs.failureCost > 0 || Object.values(costs.failureCostByModel).some((c) => c > 0);
  if (costConfigured) keyFigures.push({ label: 'Estimated cost of failures', value: moneyText(o.failureCost) });
  const byModel = m.byModel.map((model) => {
    const f = model.figures;
    const cf = f.changeFailure.rate === undefined ? '–' : percent(f.changeFailure.rate);
    const parts = [`${f.deployed} deployed`, `CFR ${cf}`, `lead time ${durationText(f.leadTime.medianMs)}`];
    if (f.cancelled > 0) parts.push(`${f.cancelled} cancelled`);
    if (f.elsExitMet.of > 0) parts.push(`ELS exit met ${f.elsExitMet.count}/${f.elsExitMet.of} (${elsIncidentsText(f, true)})`);
    return { modelId: model.modelId, modelName: model.modelName, line: `${model.modelName}: ${parts.join(', ')}` };
  });
  const summary: ReportSummary = { period, periodLabel: periodLabel(period), to: report.generatedAt, keyFigures, byModel, insights: report.insights.slice(0, SUMMARY_INSIGHTS) };
  if (m.from !== undefined) summary.from = new Date(m.from).toISOString();
  return summary;
}
