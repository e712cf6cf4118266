import { durationText, formatTime, ratioText, type Figures, type FullReport } from '../../src/index.js';
import { table } from './report-tables.js';

function gateRow(name: string, f: Figures, windowsKnown: boolean): Array<string | number> {
  const a = f.startToApproval;
  return [
    name, f.deployed, ratioText(f.overrides), f.gatesRejected, f.freeze.inside, windowsKnown ? f.freeze.nextTo : '–',
    durationText(a.medianMs), durationText(a.p90Ms), a.count,
  ];
}

/** Whether the period has anything for the gates section to show. */
export function hasGateFigures(report: FullReport): boolean {
  const o = report.metrics.overall;
  return o.gatedDeployed + o.overrides.count + o.gatesRejected + o.startToApproval.count + o.freeze.inside + o.freeze.nextTo > 0 || report.metrics.freezeWindows > 0;
}

/** Per model: overrides, rejections, deployments in or next to a freeze, and start to approval. */
export function gatesTable(report: FullReport): string {
  const m = report.metrics;
  const known = m.freezeWindows > 0;
  const head = ['Model', 'Deployed', 'With an override', 'Gates rejected', 'Inside a freeze', 'Next to a freeze', 'Start to approval (median)', 'Start to approval (p90)', 'Approved'];
  const rows = m.byModel.map((x) => gateRow(x.modelName, x.figures, known));
  if (m.byModel.length !== 1) rows.push(gateRow('All models', m.overall, known));
  return table('gates', head, rows);
}

/** One row per override of the releases deployed in the period: what was overridden, why, and by whom. */
export function overridesTable(report: FullReport): string {
  const rows = report.overridden.flatMap((f) =>
    (f.overrides ?? []).map((o) => [f.id, f.title, f.modelName, f.deployedAt === undefined ? '' : formatTime(new Date(f.deployedAt), report.timeZone), o.what, o.reason, o.by]),
  );
  return table('overrides', ['Release', 'Title', 'Model', 'Deployed', 'Override', 'Reason', 'By'], rows, 99);
}
