import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import { reportUnexpected, type Logger } from '../../src/index.js';
import { answersSchema } from './answers-schema.js';
import { apiHandlers, type ApiContext } from './api-routes.js';
import { authenticate } from './authenticate.js';
import { problem, sendProblem } from './problem.js';

export const API_BASE = '/api/v1';
/** Bodies are small JSON documents; anything bigger is refused before it is parsed. */
export const API_BODY_LIMIT = '64kb';

type Handlers = ReturnType<typeof apiHandlers>;

/** Every route, once: the router is built from this table, and a test checks the OpenAPI document against it. */
export const API_ROUTES: ReadonlyArray<{ method: 'get' | 'post'; path: string; handler: keyof Handlers }> = [
  { method: 'post', path: '/releases', handler: 'createRelease' },
  { method: 'get', path: '/releases/{id}', handler: 'getRelease' },
  { method: 'post', path: '/releases/{id}/steps/{step}', handler: 'stepAction' },
  { method: 'post', path: '/releases/{id}/deployments', handler: 'deployment' },
  { method: 'get', path: '/releases/{id}/gates', handler: 'getGates' },
  { method: 'post', path: '/releases/{id}/close', handler: 'close' },
  { method: 'post', path: '/releases/{id}/cancel', handler: 'cancel' },
];

const OPENAPI_FILE = path.join(import.meta.dirname, 'openapi.json');

/** The document in the repo, with the answers of the questions actually loaded. */
export function openApiDocument(ctx: ApiContext): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = { ...(doc.components?.schemas ?? {}), Answers: answersSchema(ctx.core.service.questions()) };
  return { ...doc, components: { ...(doc.components ?? {}), schemas } };
}

function problems(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const e = error as { type?: unknown; status?: unknown };
    if (e.type === 'entity.too.large') return sendProblem(res, problem(413, `The body is larger than ${API_BODY_LIMIT}.`));
    if (e.type === 'entity.parse.failed') return sendProblem(res, problem(400, 'The body is not valid JSON.', { errors: [{ field: 'body', message: 'is not valid JSON' }] }));
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return sendProblem(res, problem(e.status, 'The request is not valid.'));
    const { ref } = reportUnexpected(error, logger, { path: req.path });
    sendProblem(res, problem(500, `Something went wrong on our side (ref ${ref}).`, { ref }));
  };
}

/**
 * The pipeline API under /api/v1: a fourth surface. Each route parses its body, builds an intent and hands it to the
 * dispatcher as chat does, with the pipeline as the actor; chat shows every change live through the notifier.
 */
export function mountApi(app: Express, ctx: ApiContext): void {
  const router = express.Router();
  const handlers = apiHandlers(ctx);
  const openapi = openApiDocument(ctx);
  router.get('/openapi.json', (_req: Request, res: Response) => {
    res.status(200).json(openapi);
  });
  // Who is asking comes first: an unauthenticated request learns nothing, not even whether its body parsed.
  router.use(authenticate(ctx.core));
  router.use(express.json({ limit: API_BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  for (const route of API_ROUTES) {
    const expressPath = route.path.replace(/\{(\w+)\}/g, ':$1');
    router[route.method](expressPath, (req: Request, res: Response) => handlers[route.handler](req, res));
  }
  router.use((req: Request, res: Response) => sendProblem(res, problem(404, `There is no ${req.method} ${API_BASE}${req.path}; see ${API_BASE}/openapi.json.`)));
  router.use(problems(ctx.core.logger));
  app.use(API_BASE, router);
}
