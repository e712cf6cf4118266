import type { Release } from '../domain/release-schema.js';
import type { ZoneOffsets } from './zone-offsets.js';
import type { ReleaseFacts } from './release-facts.js';

export const RELEASE_COLUMNS = [
  'id', 'title', 'model_id', 'model_name', 'status', 'created_at', 'planned_at', 'deployed_at', 'cancelled_at',
  'outcome', 'failed', 'closed_at', 'incidents', 'lead_time_hours', 'off_plan_minutes',
  'steps_total_at_deploy', 'steps_done_at_deploy', 'steps_skipped_at_deploy', 'steps_open_at_deploy',
  // Appended, so BI sheets that read columns by position keep working; blank when no ELS result was recorded.
  'els_incidents', 'els_exit_met',
  // Gates and freezes (issue 13); freeze_at_deploy is inside or next_to, blank when neither or not deployed.
  'deploy_override', 'gates_rejected', 'freeze_override', 'freeze_at_deploy', 'start_to_approval_hours',
] as const;

export const STEP_EVENT_COLUMNS = ['release_id', 'model_id', 'step_id', 'step_title', 'action', 'at', 'due_at', 'late', 'actor_id', 'actor_name', 'detail'] as const;

export type CsvRow = Array<string | number | boolean | undefined>;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const round = (n: number | undefined, digits: number) => (n === undefined ? undefined : Number(n.toFixed(digits)));

/** One row per release: flat columns a BI tool can chart without parsing JSON. */
export function releaseRow(f: ReleaseFacts): CsvRow {
  const c = f.checklist;
  return [
    f.id, f.title, f.modelId, f.modelName, f.status, iso(f.createdAt), iso(f.plannedAt), iso(f.deployedAt), iso(f.cancelledAt),
    f.outcome, f.failed, iso(f.closedAt), f.incidents.join(' '),
    round(f.leadTimeMs === undefined ? undefined : f.leadTimeMs / 3_600_000, 2),
    round(f.offPlanMs === undefined ? undefined : f.offPlanMs / 60_000, 1),
    c?.total, c?.done, c?.skipped, c?.open,
    f.elsIncidents, f.elsExitMet,
    f.deployOverride, f.rejectedAt !== undefined, f.freezeOverride, f.freezeAtDeploy,
    round(f.approvedAt === undefined ? undefined : (f.approvedAt - f.createdAt) / 3_600_000, 2),
  ];
}

const STEP_ACTIONS = new Set(['complete', 'undo', 'skip', 'assign']);

/** Every checklist action in the audit trail, with the step's due time so lateness can be recomputed. */
export function stepEventRows(release: Release, zone: ZoneOffsets): CsvRow[] {
  const defs = new Map(release.model.steps.map((s) => [s.id, s]));
  const due = new Map<string, string | undefined>();
  const dueOf = (stepId: string): string | undefined => {
    if (!due.has(stepId)) {
      const offset = defs.get(stepId)?.due;
      due.set(stepId, offset === undefined ? undefined : new Date(zone.applyOffset(Date.parse(release.plannedAt), offset)).toISOString());
    }
    return due.get(stepId);
  };
  const rows: CsvRow[] = [];
  for (const e of release.audit) {
    if (e.stepId === undefined || !STEP_ACTIONS.has(e.action)) continue;
    const dueAt = dueOf(e.stepId);
    const late = e.action === 'complete' && dueAt !== undefined ? Date.parse(e.at) > Date.parse(dueAt) : undefined;
    rows.push([release.id, release.model.id, e.stepId, defs.get(e.stepId)?.title, e.action, e.at, dueAt, late, e.actor.id, e.actor.name, e.detail]);
  }
  return rows;
}
