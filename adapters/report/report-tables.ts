import { formatTime, decimalText, durationText, frequencyText, moneyText, percent, ratioText, type Figures, type FullReport, type ModelMetrics } from '../../src/index.js';
import { escapeHtml as e } from './escape-html.js';

type Cell = string | number;

/** A table whose every cell is escaped here; `numeric` right-aligns columns from that index on. */
export function table(className: string, head: readonly string[], rows: readonly Cell[][], numericFrom = 1): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${e(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${e(c)}</td>`).join('')}</tr>`).join('');
  return `<table class="${e(className)}"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

const rate = (r: { rate?: number }) => (r.rate === undefined ? '–' : percent(r.rate));

/** "0.5 (2 in 4)": the average, then the incidents and the releases it is over. */
function elsIncidents(f: Figures): string {
  const e = f.elsIncidents;
  return e.perRelease === undefined ? '–' : `${decimalText(e.perRelease)} (${e.total} in ${e.of})`;
}

function figuresRow(name: string, f: Figures): Cell[] {
  return [
    name, f.started, f.deployed, f.cancelled, frequencyText(f.deploymentsPerWeek, f.deploymentsPerDay),
    ratioText(f.changeFailure), f.awaitingOutcome, durationText(f.leadTime.medianMs), durationText(f.leadTime.p90Ms),
    ratioText(f.onTime), rate(f.checklistCompletion), ratioText(f.elsExitMet), elsIncidents(f), moneyText(f.failureCost),
  ];
}

export function modelsTable(report: FullReport): string {
  const m = report.metrics;
  const head = ['Model', 'Started', 'Deployed', 'Cancelled', 'Frequency', 'Change failure rate', 'Awaiting outcome', 'Lead time (median)', 'Lead time (p90)', `On time (±${durationText(m.onTimeToleranceMs)})`, 'Checklist at deployment', 'ELS exit criteria met', 'ELS incidents per release', 'Failure cost'];
  const rows = m.byModel.map((x) => figuresRow(x.modelName, x.figures));
  if (m.byModel.length !== 1) rows.push(figuresRow('All models', m.overall));
  return table('models', head, rows);
}

export function trendTable(report: FullReport): string {
  const head = ['Period', 'Started', 'Deployed', 'Cancelled', 'Change failure rate', 'Lead time (median)', 'On time'];
  const rows = report.metrics.trend.map((p) => [p.label, p.figures.started, p.figures.deployed, p.figures.cancelled, ratioText(p.figures.changeFailure), durationText(p.figures.leadTime.medianMs), ratioText(p.figures.onTime)]);
  return table('trend', head, rows);
}

/** Change failure rate and deployments per model and period: does a model get better over time? */
export function modelTrendTable(report: FullReport): string {
  const models = report.metrics.byModel.filter((m) => m.figures.deployed > 0);
  const head = ['Period', ...models.map((m) => m.modelName)];
  const rows = report.metrics.trend.map((p, i) => [
    p.label,
    ...models.map((m) => {
      const f = m.trend[i]?.figures;
      return f && f.deployed > 0 ? `${f.deployed} deployed, CFR ${ratioText(f.changeFailure)}` : '–';
    }),
  ]);
  return table('model-trend', head, rows);
}

export function rigourTable(report: FullReport): string {
  const o = report.metrics.overall;
  const row = (label: string, r: Figures['allStepsDone']) => [label, r.of, r.count, rate(r)];
  const rows = [row('Every step done', o.allStepsDone), row('Steps skipped or left open', o.stepsMissed)];
  // Only where some deployment with a known outcome had gates or an override: otherwise two rows of dashes.
  if (o.gatesPassed.of + o.overridden.of > 0) rows.push(row('Every gate passed', o.gatesPassed), row('An override', o.overridden));
  return table('rigour', ['Went out with', 'Releases (known outcome)', 'Failed', 'Failure rate'], rows);
}

export function stepsTable(model: ModelMetrics): string {
  const head = ['Step', 'When', 'Releases', 'Done', 'Skipped', 'Left open', 'Skip rate', 'Late', 'Late rate', 'Note'];
  const rows = model.steps.map((s) => [
    s.title, s.preDeployment ? 'before deployment' : 'after deployment', s.releases, s.done, s.skipped, s.open,
    rate({ rate: s.skipRate }), s.late, rate({ rate: s.lateRate }), s.dropCandidate ? 'candidate to drop' : '',
  ]);
  return table('steps', head, rows, 2);
}

export function failuresTable(report: FullReport): string {
  const rows = report.failures.map((f) => [f.id, f.title, f.modelName, f.deployedAt === undefined ? '' : formatTime(new Date(f.deployedAt), report.timeZone), f.outcome ?? '', f.incidents.join(', ')]);
  return table('failures', ['Release', 'Title', 'Model', 'Deployed (UTC)', 'Outcome', 'Incidents'], rows, 99);
}
