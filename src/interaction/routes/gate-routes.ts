import { decidingRole, describeMissing, gateState, missingBeforeDeploy } from '../../domain/gates.js';
import { phrase, person, type Phrase } from '../../domain/phrase.js';
import { TEAM_ROLE_LABELS } from '../../domain/team-roles.js';
import { formatTime } from '../../format/format-time.js';
import { placeKey } from '../place-key.js';
import { resolveReachable } from '../reach.js';
import type { RouteTable } from '../route-context.js';
import { publishChange } from './publish-change.js';

type GateRoutes = Pick<RouteTable, 'gates' | 'decide'>;

export const gateRoutes: GateRoutes = {
  /** Each gate with its decision, then the required steps still open, and whether the release may be deployed. */
  async gates(intent, ctx) {
    const release = await resolveReachable(ctx, intent.releaseId, 'gates [R-42]');
    const holders = (await ctx.places.get(placeKey(release.location))).roles;
    const lines: Phrase[] = (release.model.gates ?? []).map((g) => {
      const s = gateState(release, g.id);
      const role = decidingRole(release, g.id);
      if (s.state === 'open') {
        const who = (holders[role] ?? []).map((p) => p.name).join(', ') || (role === 'release_manager' ? release.releaseManager.name : 'nobody yet');
        return [`${g.title} (${g.id}): open; decided by ${TEAM_ROLE_LABELS[role].toLowerCase()}: ${who}`];
      }
      const when = s.at ? ` ${formatTime(s.at, ctx.timeZone, 'short')}` : '';
      return phrase`${g.title} (${g.id}): ${s.state} by ${s.by ? person(s.by) : 'someone'}${when}${s.note ? `: ${s.note}` : ''}`;
    });
    const missing = missingBeforeDeploy(release);
    const steps = missing.filter((m) => m.kind === 'step');
    if (steps.length) lines.push([`Required before deployment, still open: ${describeMissing(steps)}`]);
    if (!(release.model.gates ?? []).length && !steps.length) lines.push([`${release.model.name} has no gates.`]);
    const title = release.deployedAt ? `${release.id} is deployed` : missing.length ? `${release.id} may not be deployed yet` : `${release.id} is ready to deploy`;
    ctx.current.set(ctx.origin.actor.id, release.id);
    return { kind: 'notice', title, lines };
  },

  async decide(intent, ctx) {
    const release = await resolveReachable(ctx, intent.releaseId, `${intent.decision === 'approved' ? 'approve' : 'reject'} [R-42]`);
    // A first word that names no gate of this release is part of the note ("approve R-42 looks good").
    const known = (release.model.gates ?? []).some((g) => g.id === intent.gateId) || Boolean(intent.exact && intent.gateId);
    const note = known ? intent.note : [intent.gateId, intent.note].filter(Boolean).join(' ') || undefined;
    const holders = (await ctx.places.get(placeKey(release.location))).roles;
    const result = await ctx.service.decideGates({
      releaseId: release.id,
      actor: ctx.origin.actor,
      decision: intent.decision,
      ...(known && intent.gateId ? { gateId: intent.gateId } : {}),
      ...(note ? { note } : {}),
      holders,
      ...(ctx.origin.deliveryKey ? { dedupeKey: ctx.origin.deliveryKey } : {}),
    });
    return publishChange(ctx, 'decide', result);
  },
};
