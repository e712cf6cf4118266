import type { Request, Response } from 'express';
import type { z } from 'zod';
import { localActor, pipelineActor, type Core, type Intent, type Origin, type Outcome, type Place } from '../../src/index.js';
import { tokenOf } from './authenticate.js';
import { cancelBody, closeBody, createBody, deploymentBody, fieldErrors, stepBody } from './api-bodies.js';
import { idempotent, type Answer } from './idempotent.js';
import { fromOutcome, problem, sendProblem } from './problem.js';
import { gatesJson, modelJson, releaseJson, stepJson } from './release-json.js';

/** Where a pipeline asked a release to be posted: a Slack channel or a Teams conversation the bot knows. */
export type Where = NonNullable<z.infer<typeof createBody>['where']>;
/** The place for `where`, or why there is none (an unknown channel, one the bot is not in): a 422. */
export type FindPlace = (where: Where) => Promise<Place | { refused: string }>;

export interface ApiContext {
  core: Core;
  findPlace: FindPlace;
}

const API_PLACE: Place = { surface: 'api', channelId: 'api' };

function originOf(res: Response, deliveryKey?: string, place: Place = API_PLACE): Origin {
  const token = tokenOf(res);
  return { actor: pipelineActor(token.name), place, ...(token.scope ? { scope: token.scope } : {}), ...(deliveryKey ? { deliveryKey } : {}) };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; answer: Answer } {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = fieldErrors(parsed.error);
  return { ok: false, answer: { status: 400, body: problem(400, `The body is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { errors }) } };
}

const refusal = (o: Outcome, fieldFor?: (f: string) => string): Answer | undefined =>
  o.kind === 'refused' || o.kind === 'failed' ? { status: fromOutcome(o, fieldFor).status, body: fromOutcome(o, fieldFor) } : undefined;

const releaseIdOf = (req: Request) => String(req.params['id'] ?? '').toUpperCase();

/** "U0123" is a Slack user, a GUID a Teams (Entra) user, anything else a console name. */
function personFrom(text: string) {
  if (/^[UW][A-Z0-9]{2,30}$/.test(text)) return { id: `slack:${text}`, name: text };
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return { id: `teams:${text}`, name: text };
  return localActor(text);
}

/** The API's routes, each a thin mapping: body → intent → dispatcher → JSON or a problem. No rule lives here. */
export function apiHandlers({ core, findPlace }: ApiContext) {
  const dispatch = (intent: Intent, origin: Origin) => core.dispatcher.dispatch(intent, origin);

  async function view(res: Response, id: string): Promise<Extract<Outcome, { kind: 'checklist' }> | Answer> {
    const o = await dispatch({ kind: 'status', releaseId: id }, originOf(res));
    return o.kind === 'checklist' ? o : (refusal(o) ?? { status: 500, body: problem(500, `Unexpected answer ${o.kind}`) });
  }

  return {
    async createRelease(req: Request, res: Response) {
      await idempotent(core, req, res, async (key) => {
        const parsed = parse(createBody, req.body);
        if (!parsed.ok) return parsed.answer;
        const b = parsed.value;
        if (b.answers['title'] !== undefined && b.answers['title'] !== b.title) {
          return { status: 400, body: problem(400, 'answers.title differs from title: send the title once.', { errors: [{ field: 'answers.title', message: 'differs from title' }] }) };
        }
        // Answers as the served document describes them: known question ids, choices by option value (a label or a
        // number, which chat forgives, is a pipeline's bug), booleans for yes/no questions, text otherwise.
        const questions = core.service.questions();
        const unknown = Object.keys(b.answers).filter((k) => !questions.some((q) => q.id === k)).map((k) => ({ field: `answers.${k}`, message: 'is not a question' }));
        const wrong = [
          ...unknown,
          ...questions.flatMap((q) => {
            const v = b.answers[q.id];
            if (v === undefined) return [];
            if (q.type === 'boolean') return typeof v === 'boolean' ? [] : [{ field: `answers.${q.id}`, message: 'must be true or false' }];
            if (typeof v !== 'string') return [{ field: `answers.${q.id}`, message: 'must be a string' }];
            return q.type === 'choice' && !q.options.some((o) => o.value === v) ? [{ field: `answers.${q.id}`, message: `must be one of ${q.options.map((o) => `"${o.value}"`).join(', ')}` }] : [];
          }),
        ];
        if (wrong.length) return { status: 400, body: problem(400, `The answers are not valid: ${wrong.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { errors: wrong }) };
        const answers = { ...b.answers, title: b.title };
        // The questions' own checks first, so every wrong answer is named at once, as a chat form would show them.
        const checked = await dispatch({ kind: 'answer', answers }, originOf(res));
        if (checked.kind === 'questions') {
          const errors = Object.entries(checked.errors).map(([field, message]) => ({ field: field === 'title' ? 'title' : `answers.${field}`, message }));
          return { status: 400, body: problem(400, `The answers are not valid: ${errors.map((e) => `${e.field}: ${e.message.replace(/\.$/, '')}`).join('; ')}.`, { errors }) };
        }
        let place = API_PLACE;
        if (b.where) {
          const found = await findPlace(b.where);
          if ('refused' in found) return { status: 422, body: problem(422, found.refused, { errors: [{ field: b.where.slack ? 'where.slack.channel' : 'where.teams.conversationId', message: found.refused }] }) };
          // A scoped token stays in its workspace: it may not post (and so come to reach) a release elsewhere.
          const scope = tokenOf(res).scope;
          if (scope && (found.surface !== scope.surface || found.workspaceId !== scope.workspaceId)) {
            return { status: 403, body: problem(403, `This token is scoped to ${scope.surface}:${scope.workspaceId}; it cannot post a release in another workspace.`) };
          }
          place = found;
        }
        const intent: Intent = {
          kind: 'create',
          answers,
          ...(b.override ? { override: { modelId: b.override.model, ...(b.override.reason !== undefined ? { reason: b.override.reason } : {}) } } : {}),
          ...(b.freezeOverride ? { freezeOverride: b.freezeOverride } : {}),
          ...(b.releaseManager ? { releaseManager: { actor: personFrom(b.releaseManager) } } : {}),
          ...(b.externalId ? { externalId: b.externalId } : {}),
        };
        const o = await dispatch(intent, originOf(res, key, place));
        const refused = refusal(o, (f) => (f === 'reason' || f === 'model' ? `override.${f}` : f === 'freeze' ? 'freezeOverride.reason' : f === 'releaseManager' ? f : `answers.${f}`));
        if (refused) return refused;
        if (o.kind !== 'done') return { status: 500, body: problem(500, `Unexpected answer ${o.kind}`) };
        return { status: o.changed ? 201 : 200, body: { id: o.release.id, status: o.release.status, model: modelJson(o.view), ...(o.release.externalId ? { externalId: o.release.externalId } : {}) } };
      });
    },

    async getRelease(req: Request, res: Response) {
      const v = await view(res, releaseIdOf(req));
      if ('status' in v && typeof v.status === 'number') return sendProblem(res, v.body as never);
      const o = v as Extract<Outcome, { kind: 'checklist' }>;
      res.status(200).json(releaseJson(o.release, o.view));
    },

    async getGates(req: Request, res: Response) {
      const v = await view(res, releaseIdOf(req));
      if ('status' in v && typeof v.status === 'number') return sendProblem(res, v.body as never);
      res.status(200).json(gatesJson((v as Extract<Outcome, { kind: 'checklist' }>).view));
    },

    async stepAction(req: Request, res: Response) {
      await idempotent(core, req, res, async (key) => {
        const parsed = parse(stepBody, req.body);
        if (!parsed.ok) return parsed.answer;
        const b = parsed.value;
        const raw = String(req.params['step'] ?? '');
        const step = /^\d+$/.test(raw) ? Number(raw) : raw;
        const intent: Intent = { kind: 'step', action: b.action, step, releaseId: releaseIdOf(req), ...(b.reason !== undefined ? { reason: b.reason } : {}), ...(b.evidence ? { evidence: b.evidence } : {}) };
        const o = await dispatch(intent, originOf(res, key));
        const refused = refusal(o, (f) => (f === 'step' ? 'step' : f.startsWith('evidence') || f === 'reason' ? f : f));
        if (refused) return refused;
        if (o.kind !== 'done') return { status: 500, body: problem(500, `Unexpected answer ${o.kind}`) };
        const s = o.view.phases.flatMap((p) => p.steps).find((x) => x.number === step || x.stepId === step);
        return { status: 200, body: { changed: o.changed, releaseId: o.release.id, ...(s ? { step: stepJson(s) } : {}) } };
      });
    },

    async deployment(req: Request, res: Response) {
      await idempotent(core, req, res, async (key) => {
        const parsed = parse(deploymentBody, req.body);
        if (!parsed.ok) return parsed.answer;
        const b = parsed.value;
        const id = releaseIdOf(req);
        const intent: Intent = {
          kind: 'deploy',
          releaseId: id,
          status: b.status,
          ...(b.environment ? { environment: b.environment } : {}),
          ...(b.url ? { url: b.url } : {}),
          ...(b.commit ? { commit: b.commit } : {}),
          ...(b.override ? { override: b.override } : {}),
        };
        const o = await dispatch(intent, originOf(res, key));
        if (o.kind === 'refused' && (o.field === 'gates' || o.field === 'freeze')) {
          const v = await view(res, id);
          const missing = 'view' in v ? gatesJson(v.view).missing : [];
          return { status: 409, body: problem(409, o.message, { missing, hint: 'The release manager may deploy anyway with "override": { "reason": "…" } in the deployment body.' }) };
        }
        const refused = refusal(o, (f) => (f === 'reason' ? 'override.reason' : f === 'evidence.url' ? 'url' : f === 'evidence.commit' ? 'commit' : f));
        if (refused) return refused;
        if (o.kind !== 'done') return { status: 500, body: problem(500, `Unexpected answer ${o.kind}`) };
        return { status: 200, body: { changed: o.changed, release: releaseJson(o.release, o.view) } };
      });
    },

    async close(req: Request, res: Response) {
      await idempotent(core, req, res, async (key) => {
        const parsed = parse(closeBody, req.body);
        if (!parsed.ok) return parsed.answer;
        const b = parsed.value;
        const intent: Intent = {
          kind: 'close',
          releaseId: releaseIdOf(req),
          outcome: b.outcome,
          ...(b.incidents ? { incidents: b.incidents } : {}),
          ...(b.els ? { els: { incidents: b.els.incidents, exit: b.els.exitCriteriaMet } } : {}),
          ...(b.note ? { note: b.note } : {}),
        };
        const o = await dispatch(intent, originOf(res, key));
        const refused = refusal(o);
        if (refused) return refused;
        if (o.kind !== 'done') return { status: 500, body: problem(500, `Unexpected answer ${o.kind}`) };
        return { status: 200, body: { changed: o.changed, release: releaseJson(o.release, o.view) } };
      });
    },

    async cancel(req: Request, res: Response) {
      await idempotent(core, req, res, async (key) => {
        const parsed = parse(cancelBody, req.body);
        if (!parsed.ok) return parsed.answer;
        const o = await dispatch({ kind: 'cancel', releaseId: releaseIdOf(req), reason: parsed.value.reason }, originOf(res, key));
        const refused = refusal(o);
        if (refused) return refused;
        if (o.kind !== 'done') return { status: 500, body: problem(500, `Unexpected answer ${o.kind}`) };
        return { status: 200, body: { changed: o.changed, release: releaseJson(o.release, o.view) } };
      });
    },
  };
}
