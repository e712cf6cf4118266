import type { FreezeOverride, Release } from '../domain/release-schema.js';
import type { FreezeCalendar, FreezeProximity } from './freeze-calendar.js';

/** An override in words, for the report's list of them. */
export interface OverrideNote {
  what: string;
  reason: string;
  by: string;
}

/** What a release's gates, overrides and freezes add to its facts. */
export interface GateFacts {
  /** The model has gates (an approval or a go/no-go). */
  gated: boolean;
  /** The release manager deployed it although gates or required steps were missing. */
  deployOverride: boolean;
  /** Gated, and deployed with every gate approved and no override. */
  everyGatePassed: boolean;
  /** When a gate was first rejected, even if it was approved later. */
  rejectedAt?: number;
  /** When the last approval gate was approved, once every approval gate is. */
  approvedAt?: number;
  /** A start, move or deployment inside a freeze window was allowed with a reason. */
  freezeOverride: boolean;
  /** Deployed inside a freeze, or within FREEZE_NEAR_MS of one. */
  freezeAtDeploy?: FreezeProximity;
  overrides?: OverrideNote[];
}

const FREEZE_ACTION: Record<FreezeOverride['action'], string> = { start: 'planned inside', reschedule: 'moved into', deploy: 'deployed inside' };

/** The first rejection: the gates keep only their latest decision, the audit trail keeps every one. */
function firstRejection(release: Release): number | undefined {
  let first: number | undefined;
  const seen = (iso: string | undefined) => {
    const t = iso === undefined ? NaN : Date.parse(iso);
    if (!Number.isNaN(t) && (first === undefined || t < first)) first = t;
  };
  for (const g of release.gates ?? []) if (g.state === 'rejected') seen(g.at);
  for (const a of release.audit) if (a.action === 'reject') seen(a.at);
  // A rejected gate without a time (written before decisions had one) still counts: from the release's start.
  if (first === undefined && release.gates?.some((g) => g.state === 'rejected')) first = Date.parse(release.createdAt);
  return first;
}

function lastApproval(release: Release): number | undefined {
  const approvals = (release.model.gates ?? []).filter((g) => g.kind === 'approval');
  if (approvals.length === 0) return undefined;
  let last = -Infinity;
  for (const def of approvals) {
    const state = release.gates?.find((g) => g.gateId === def.id);
    if (state?.state !== 'approved' || state.at === undefined) return undefined;
    last = Math.max(last, Date.parse(state.at));
  }
  return last;
}

/**
 * A freeze override covers the deployment when the deployment lies between the instant it was given for and the
 * end of that occurrence; otherwise the calendar of windows, when the report has one, decides.
 */
function freezeAtDeploy(release: Release, deployedAt: number, calendar: FreezeCalendar | undefined): FreezeProximity | undefined {
  const covered = (release.freezeOverrides ?? []).some((o) => deployedAt >= Date.parse(o.for) && deployedAt < Date.parse(o.until));
  return covered ? 'inside' : calendar?.proximity(deployedAt, release.model.id);
}

export function gateFacts(release: Release, calendar: FreezeCalendar | undefined): GateFacts {
  const deployedAt = release.deployedAt === undefined ? undefined : Date.parse(release.deployedAt);
  const gates = release.model.gates ?? [];
  const deployOverride = deployedAt !== undefined && release.deployOverride !== undefined;
  const allApproved = gates.every((def) => release.gates?.find((g) => g.gateId === def.id)?.state === 'approved');
  const facts: GateFacts = {
    gated: gates.length > 0,
    deployOverride,
    everyGatePassed: deployedAt !== undefined && gates.length > 0 && allApproved && !deployOverride,
    freezeOverride: (release.freezeOverrides ?? []).length > 0,
  };
  const rejectedAt = firstRejection(release);
  if (rejectedAt !== undefined) facts.rejectedAt = rejectedAt;
  const approvedAt = lastApproval(release);
  if (approvedAt !== undefined) facts.approvedAt = approvedAt;
  if (deployedAt !== undefined) {
    const near = freezeAtDeploy(release, deployedAt, calendar);
    if (near) facts.freezeAtDeploy = near;
  }
  const overrides: OverrideNote[] = [];
  const o = release.deployOverride;
  if (o && deployedAt !== undefined) overrides.push({ what: `deployed without ${o.missing.join(', ')}`, reason: o.reason, by: o.by.name });
  for (const f of release.freezeOverrides ?? []) overrides.push({ what: `${FREEZE_ACTION[f.action]} “${f.windowName}”`, reason: f.reason, by: f.by.name });
  if (overrides.length) facts.overrides = overrides;
  return facts;
}
