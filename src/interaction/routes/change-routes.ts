import type { Actor } from '../../domain/actor.js';
import { parseElsResult, parseIncidentRefs } from '../../domain/incident-refs.js';
import { ReleaseError } from '../../domain/release-error.js';
import { OUTCOMES, type OutcomeResult } from '../../domain/release-schema.js';
import type { Origin } from '../origin.js';
import { reach, resolveReachable } from '../reach.js';
import { resolvePerson } from '../resolve-person.js';
import type { RouteContext, RouteTable } from '../route-context.js';
import { publishChange } from './publish-change.js';
import { parseEvidence } from '../../domain/parse-evidence.js';
import { TEXT_LIMITS, typedText } from '../../domain/text-limits.js';

type ChangeRoutes = Pick<RouteTable, 'step' | 'deploy' | 'reschedule' | 'cancel' | 'close'>;

const keyOf = (origin: Origin) => (origin.deliveryKey ? { dedupeKey: origin.deliveryKey } : {});

async function resolve(ctx: RouteContext, given: string | undefined, usage: string): Promise<string> {
  return (await resolveReachable(ctx, given, usage)).id;
}

/** Someone this release already knows by name: its requester, manager, assignees and everyone in its audit trail. */
async function knownTo(ctx: RouteContext, releaseId: string): Promise<Actor[]> {
  const release = await ctx.service.get(releaseId);
  return [release.requester, release.releaseManager, ...release.audit.map((a) => a.actor), ...release.steps.flatMap((s) => (s.assignee ? [s.assignee] : []))];
}

export const changeRoutes: ChangeRoutes = {
  async step(intent, ctx) {
    const verb = intent.action === 'complete' ? 'done' : intent.action;
    const releaseId = await resolve(ctx, intent.releaseId, `${verb} ${intent.step} [R-42]`);
    const assignee = intent.assignee ? await resolvePerson(intent.assignee, ctx, 'assignee', () => knownTo(ctx, releaseId)) : undefined;
    const evidence = parseEvidence(intent.evidence);
    const result = await ctx.service.act({
      releaseId,
      step: intent.step,
      action: intent.action,
      actor: ctx.origin.actor,
      ...(intent.reason !== undefined ? { reason: intent.reason } : {}),
      ...(assignee ? { assignee } : {}),
      ...(evidence ? { evidence } : {}),
      ...keyOf(ctx.origin),
    });
    const number = result.view.phases.flatMap((p) => p.steps).find((s) => s.number === Number(intent.step) || s.stepId === intent.step)?.number;
    return publishChange(ctx, 'step', result, number);
  },

  async deploy(intent, ctx) {
    const releaseId = await resolve(ctx, intent.releaseId, 'deploy [R-42]');
    const override = intent.override ? { override: intent.override } : {};
    if (!intent.status) return publishChange(ctx, 'deploy', await ctx.service.markDeployed({ releaseId, actor: ctx.origin.actor, ...keyOf(ctx.origin), ...override }));
    const evidence = parseEvidence({ url: intent.url, commit: intent.commit });
    const environment = typedText(intent.environment, { field: 'environment', max: TEXT_LIMITS.personName, what: 'environment' });
    const result = await ctx.service.recordDeployment({
      releaseId,
      actor: ctx.origin.actor,
      status: intent.status,
      ...(environment ? { environment } : {}),
      ...(evidence?.url ? { url: evidence.url } : {}),
      ...(evidence?.commit ? { commit: evidence.commit } : {}),
      ...keyOf(ctx.origin),
      ...override,
    });
    return publishChange(ctx, 'deploy', result);
  },

  async reschedule(intent, ctx) {
    await reach(ctx, intent.releaseId);
    const result = await ctx.service.reschedule({ releaseId: intent.releaseId, plannedAt: String(intent.when), actor: ctx.origin.actor, ...keyOf(ctx.origin), ...(intent.override ? { override: intent.override } : {}) });
    return publishChange(ctx, 'reschedule', result);
  },

  async cancel(intent, ctx) {
    await reach(ctx, intent.releaseId);
    const result = await ctx.service.cancel({ releaseId: intent.releaseId, actor: ctx.origin.actor, ...(intent.reason ? { reason: intent.reason } : {}), ...keyOf(ctx.origin) });
    return publishChange(ctx, 'cancel', result);
  },

  async close(intent, ctx) {
    if (!(OUTCOMES as readonly string[]).includes(intent.outcome)) {
      throw new ReleaseError('invalid', `Say how the release went: ${OUTCOMES.join(', ')}.`, 'outcome');
    }
    await reach(ctx, intent.releaseId);
    const incidents = parseIncidentRefs(intent.incidents);
    const els = parseElsResult(intent.els);
    const result = await ctx.service.close({
      releaseId: intent.releaseId,
      actor: ctx.origin.actor,
      outcome: intent.outcome as OutcomeResult,
      incidents,
      ...(els ? { els } : {}),
      ...(intent.note !== undefined ? { note: intent.note } : {}),
      ...keyOf(ctx.origin),
    });
    return publishChange(ctx, 'close', result);
  },
};
