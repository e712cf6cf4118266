import { sameActor, type Actor } from './actor.js';
import { guardActive } from './guard-active.js';
import { person, phrase, type Phrase } from './phrase.js';
import { recordAudit } from './record-audit.js';
import { ReleaseError } from './release-error.js';
import type { GateState, Release } from './release-schema.js';
import { TEAM_ROLE_LABELS, type TeamRole } from './team-roles.js';
import { TEXT_LIMITS, typedText } from './text-limits.js';

/** Who holds which role in the release's place. */
export type RoleHolders = Partial<Record<TeamRole, Actor[]>>;

/** What still stands between a release and its deployment. */
export interface MissingItem {
  kind: 'approval' | 'go_no_go' | 'step';
  id: string;
  title: string;
  /** A gate someone rejected, rather than one nobody decided yet. */
  rejected?: boolean;
}

export function gateState(release: Release, gateId: string): GateState {
  return release.gates?.find((g) => g.gateId === gateId) ?? { gateId, state: 'open' };
}

/** Open or rejected gates, then open steps marked required before deployment, in checklist order. */
export function missingBeforeDeploy(release: Release): MissingItem[] {
  const gates: MissingItem[] = (release.model.gates ?? []).flatMap((g) => {
    const state = gateState(release, g.id).state;
    return state === 'approved' ? [] : [{ kind: g.kind, id: g.id, title: g.title, ...(state === 'rejected' ? { rejected: true } : {}) }];
  });
  const steps: MissingItem[] = release.model.steps.flatMap((s, i) =>
    s.requiredBeforeDeploy && (release.steps[i]?.state ?? 'open') === 'open' ? [{ kind: 'step' as const, id: s.id, title: `step ${i + 1} “${s.title}”` }] : [],
  );
  return [...gates, ...steps];
}

export function describeMissing(items: readonly MissingItem[]): string {
  return items.map((m) => (m.rejected ? `${m.title} (rejected)` : m.title)).join(', ');
}

/** The role that decides a gate: approval gates name one (approver by default); go/no-go is the release manager's. */
export function decidingRole(release: Release, gateId: string): TeamRole {
  const gate = release.model.gates?.find((g) => g.id === gateId);
  return gate?.kind === 'go_no_go' ? 'release_manager' : (gate?.role ?? 'approver');
}

function mayDecide(release: Release, gateId: string, actor: Actor, holders: RoleHolders): boolean {
  const role = decidingRole(release, gateId);
  if (role === 'release_manager' && sameActor(release.releaseManager, actor)) return true;
  return (holders[role] ?? []).some((p) => sameActor(p, actor));
}

export interface GateDecision {
  actor: Actor;
  decision: 'approved' | 'rejected';
  /** A gate id as `gates` shows it; without one, every undecided gate the person may decide. */
  gateId?: string;
  note?: string;
  holders: RoleHolders;
  key?: string;
}

/**
 * Records an approval or rejection. Only holders of a gate's role decide it (the release manager also decides
 * go/no-go); a refused attempt records nothing and names who may. A rejection needs its reason.
 */
export function decideGates(release: Release, req: GateDecision, now: Date): { release: Release; message: Phrase } {
  guardActive(release, 'deciding its gates');
  if (release.deployedAt) throw new ReleaseError('conflict', `${release.id} is already deployed: its gates can no longer be decided.`);
  const gates = release.model.gates ?? [];
  if (gates.length === 0) throw new ReleaseError('invalid', `${release.id} has no gates: its model (${release.model.name}) needs no approval.`, 'gate');
  const note = typedText(req.note, {
    field: 'note',
    max: TEXT_LIMITS.reason,
    what: req.decision === 'rejected' ? 'reason' : 'note',
    ...(req.decision === 'rejected' ? { required: `Say why you reject it: "reject ${release.id} <gate> <reason>".` } : {}),
  });
  let chosen = gates;
  if (req.gateId) {
    chosen = gates.filter((g) => g.id === req.gateId);
    if (!chosen.length) throw new ReleaseError('invalid', `${release.id} has no gate "${req.gateId}": its gates are ${gates.map((g) => g.id).join(', ')}.`, 'gate');
  } else {
    chosen = gates.filter((g) => gateState(release, g.id).state !== req.decision);
  }
  const allowed = chosen.filter((g) => mayDecide(release, g.id, req.actor, req.holders));
  if (!allowed.length) {
    const g = chosen[0] ?? gates[0]!;
    const role = decidingRole(release, g.id);
    const names = (req.holders[role] ?? []).map((p) => p.name);
    const who = role === 'release_manager' ? [release.releaseManager.name, ...names] : names;
    throw new ReleaseError(
      'forbidden',
      who.length
        ? `Only ${[...new Set(who)].join(', ')} (${TEAM_ROLE_LABELS[role].toLowerCase()}) can decide “${g.title}” of ${release.id}.`
        : `Nobody holds the ${TEAM_ROLE_LABELS[role].toLowerCase()} role here, so nobody can decide “${g.title}” of ${release.id}: add someone with "roles add ${role} @name".`,
    );
  }
  const at = now.toISOString();
  const decided = new Map(allowed.map((g) => [g.id, { gateId: g.id, state: req.decision, by: req.actor, at, ...(note ? { note } : {}) } as GateState]));
  let next: Release = { ...release, gates: gates.map((g) => decided.get(g.id) ?? gateState(release, g.id)) };
  const verb = req.decision === 'approved' ? 'approve' : 'reject';
  next = recordAudit(next, { actor: req.actor, action: verb, detail: `${allowed.map((g) => g.id).join(',')}${note ? `: ${note}` : ''}`, key: req.key }, now);
  const titles = allowed.map((g) => `“${g.title}”`).join(' and ');
  const left = missingBeforeDeploy(next);
  const after = left.length ? ` Still missing before deployment: ${describeMissing(left)}.` : ` ${release.id} is ready to deploy.`;
  return { release: next, message: phrase`${release.id}: ${titles} ${req.decision} by ${person(req.actor)}${note ? ` (${note})` : ''}.${after}` };
}
