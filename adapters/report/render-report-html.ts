import { durationText, percent, ratioText, type FullReport } from '../../src/index.js';
import { escapeHtml as e } from './escape-html.js';
import { columnChart, rowChart } from './svg-charts.js';
import { failuresTable, modelsTable, modelTrendTable, rigourTable, stepsTable, trendTable } from './report-tables.js';
import { REPORT_CSS } from './report-css.js';
import { gatesTable, hasGateFigures, overridesTable } from './gate-tables.js';

const HOUR = 3_600_000;

function failureRateChart(report: FullReport): string {
  const models = report.metrics.byModel.filter((m) => m.figures.changeFailure.of > 0);
  if (models.length === 0) return '<p class="empty">No deployments with a known outcome yet.</p>';
  const bars = models.map((m) => ({ label: m.modelName, value: m.figures.changeFailure.rate ?? 0, text: ratioText(m.figures.changeFailure) }));
  return columnChart('Change failure rate by model', bars, { max: 1, axis: (v) => percent(v) });
}

function leadTimeChart(report: FullReport): string {
  const points = report.metrics.trend;
  if (!points.some((p) => p.figures.leadTime.medianMs !== undefined)) return '<p class="empty">No deployments in this period.</p>';
  const bars = points.map((p) => {
    const median = p.figures.leadTime.medianMs;
    const label = report.metrics.bucket === 'month' ? p.label : p.key.slice(5);
    return median === undefined ? { label, text: 'no deployments' } : { label, value: median / HOUR, text: durationText(median) };
  });
  return columnChart('Median lead time by period', bars, { axis: (v) => durationText(v * HOUR) });
}

function skipCharts(report: FullReport): string {
  const models = report.metrics.byModel.filter((m) => m.steps.length > 0);
  if (models.length === 0) return '<p class="empty">No deployed releases, so no step figures yet.</p>';
  return models
    .map((m) => {
      const bars = m.steps.map((s) => ({ label: s.title, value: s.skipRate ?? 0, text: `${percent(s.skipRate ?? 0)} (${s.skipped}/${s.releases})` }));
      return `<figure class="skip-chart" data-model="${e(m.modelId)}"><figcaption>${e(m.modelName)}</figcaption>${rowChart(`Skip rate by step, ${m.modelName}`, bars)}</figure>`;
    })
    .join('');
}

function gatesSection(report: FullReport): string {
  if (!hasGateFigures(report)) return '<p class="empty">No release in this period had gates, an override or a freeze window.</p>';
  const windows = report.metrics.freezeWindows > 0
    ? `“Next to a freeze” means deployed within ${durationText(report.metrics.freezeNearMs)} before or after a freeze window.`
    : 'No freeze windows were given to this report, so a deployment counts as inside a freeze only by a recorded freeze override, and “next to a freeze” cannot be told.';
  const list = report.overridden.length ? `<h3>Overrides</h3>${overridesTable(report)}` : '';
  return `${gatesTable(report)}
<p class="note">Overrides and freezes count deployments in the period; a rejection counts when it happened (even if the gate was approved later), and start to approval when the last approval gate was approved. ${e(windows)}</p>${list}`;
}

function period(report: FullReport): string {
  const m = report.metrics;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return `${day(m.spanStart)} to ${day(m.to)} (${report.days === undefined ? 'all time' : `last ${report.days} days`}, periods by ${m.bucket}, time zone ${report.timeZone})`;
}

/**
 * The value report as one self-contained HTML page: inline CSS and SVG, no script, no network.
 * The Content-Security-Policy forbids loading anything, so a stray external reference fails loudly in a browser.
 */
export function renderReportHtml(report: FullReport): string {
  const insights = report.insights.map((i) => `<li>${e(i)}</li>`).join('');
  const steps = report.metrics.byModel
    .filter((m) => m.steps.length > 0)
    .map((m) => `<h3>${e(m.modelName)}</h3>${stepsTable(m)}`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Release report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>Release report</h1>
<p class="period">${e(period(report))}. Generated ${e(report.generatedAt)}.</p>
<section id="insights"><h2>Insights</h2><ul>${insights}</ul></section>
<section id="models"><h2>By model</h2>${modelsTable(report)}
<p class="note">Change failure rate counts deployments closed as failed, rolled back or hotfix, over deployments with a recorded outcome; releases still awaiting an outcome are left out until they are closed.
ELS figures count closed releases with an ELS result recorded (incidents during early life support, exit criteria met or not); releases closed without one are left out of them.</p></section>
<section id="failure-rate"><h2>Change failure rate by model</h2>${failureRateChart(report)}
<h3>By model and period</h3>${modelTrendTable(report)}</section>
<section id="rigour"><h2>Does the checklist pay?</h2>${rigourTable(report)}</section>
<section id="gates"><h2>Gates, overrides and freezes</h2>${gatesSection(report)}</section>
<section id="lead-time"><h2>Lead time over time</h2>${leadTimeChart(report)}${trendTable(report)}</section>
<section id="skip-rates"><h2>Skip rates by step</h2>${skipCharts(report)}${steps}</section>
<section id="failures"><h2>Failed releases</h2>${report.failures.length ? failuresTable(report) : '<p class="empty">No failed releases in this period.</p>'}</section>
</body>
</html>
`;
}
