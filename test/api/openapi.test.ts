import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelBody, closeBody, createBody, deploymentBody, stepBody } from '../../adapters/api/api-bodies.js';
import { API_ROUTES } from '../../adapters/api/start-api.js';
import { ApiBot, MAJOR, STANDARD } from './api-harness.js';

/*
 * The OpenAPI document in adapters/api/openapi.json against the code: the routes (API_ROUTES), the zod bodies
 * (api-bodies.ts), what the handlers answer over real HTTP, and the document's own structure. Each check is a function
 * that lists what disagrees, and each is also shown a broken document, so a check that can no longer fail is noticed.
 */

type Json = Record<string, unknown>;
interface Doc extends Json {
  paths: Record<string, Record<string, Json>>;
  components: Record<string, Record<string, Json>>;
}

const DOC_FILE = path.resolve('adapters/api/openapi.json');
const fileDoc = (): Doc => JSON.parse(readFileSync(DOC_FILE, 'utf8')) as Doc;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const PUBLIC = 'GET /openapi.json';
type Route = { method: string; path: string; handler: string };

function operations(doc: Doc): Array<{ key: string; path: string; method: string; op: Json; item: Json }> {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((m) => ({ key: `${m.toUpperCase()} ${p}`, path: p, method: m, op: item[m] as Json, item: item as Json })),
  );
}

/** Routes the document lacks, and documented operations no route serves. */
function routeMismatches(doc: Doc, routes: readonly Route[]): string[] {
  const documented = new Set(operations(doc).map((o) => o.key));
  const routed = new Set([...routes.map((r) => `${r.method.toUpperCase()} ${r.path}`), PUBLIC]);
  return [
    ...[...routed].filter((k) => !documented.has(k)).map((k) => `route ${k} is not in the document`),
    ...[...documented].filter((k) => !routed.has(k)).map((k) => `documented ${k} has no route`),
  ];
}

/** The JSON pointer `#/a/b` in the document, or undefined. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Json)[part];
  }
  return at;
}

function allRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => allRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else allRefs(v, out);
    }
  }
  return out;
}

/** $refs that point nowhere, and components nothing refers to. */
function refProblems(doc: Doc): string[] {
  const refs = allRefs(doc);
  const dangling = refs.filter((r) => resolvePointer(doc, r) === undefined).map((r) => `${r} does not resolve`);
  const used = new Set(refs);
  const unused = Object.entries(doc.components)
    .filter(([kind]) => kind !== 'securitySchemes')
    .flatMap(([kind, entries]) => Object.keys(entries).map((name) => `#/components/${kind}/${name}`))
    .filter((r) => !used.has(r))
    .map((r) => `${r} is never used`);
  return [...dangling, ...unused];
}

/** Parameters and bodies each operation must declare, and the security rule (bearer everywhere but the document). */
function operationProblems(doc: Doc): string[] {
  const problems: string[] = [];
  const deref = (p: Json) => (typeof p['$ref'] === 'string' ? (resolvePointer(doc, p['$ref']) as Json | undefined) : p) ?? {};
  const ids = operations(doc).map((o) => o.op['operationId']);
  if (new Set(ids).size !== ids.length || ids.some((id) => typeof id !== 'string')) problems.push(`operationIds are not unique strings: ${ids.join(', ')}`);
  const scheme = Object.keys(doc.components['securitySchemes'] ?? {});
  if (JSON.stringify(doc['security']) !== JSON.stringify([{ bearerAuth: [] }]) || !scheme.includes('bearerAuth')) problems.push('global security is not [{ bearerAuth: [] }]');
  if (JSON.stringify(doc['servers']) !== JSON.stringify([{ url: '/api/v1' }])) problems.push('servers is not [{ url: "/api/v1" }]');
  for (const { key, path: p, method, op, item } of operations(doc)) {
    const params = [...((item['parameters'] as Json[] | undefined) ?? []), ...((op['parameters'] as Json[] | undefined) ?? [])].map(deref);
    const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const declared = params.filter((x) => x['in'] === 'path').map((x) => x['name']);
    if (JSON.stringify([...inPath].sort()) !== JSON.stringify([...declared].sort())) problems.push(`${key}: path parameters ${declared.join(',')} do not match the template`);
    if (params.some((x) => x['in'] === 'path' && x['required'] !== true)) problems.push(`${key}: a path parameter is not required`);
    const idempotency = params.some((x) => x['in'] === 'header' && x['name'] === 'Idempotency-Key');
    if (method === 'post' && (!idempotency || !op['requestBody'])) problems.push(`${key}: a POST needs the Idempotency-Key header and a request body`);
    if (method === 'get' && (idempotency || op['requestBody'])) problems.push(`${key}: a GET takes no body and no Idempotency-Key`);
    if (typeof op['summary'] !== 'string' || typeof op['description'] !== 'string') problems.push(`${key}: no summary or description`);
    const responses = Object.keys((op['responses'] as Json | undefined) ?? {});
    if (key === PUBLIC) {
      if (JSON.stringify(op['security']) !== '[]') problems.push(`${key} must be public (security: [])`);
      continue;
    }
    if (op['security'] !== undefined) problems.push(`${key} overrides the bearer security`);
    for (const status of ['200', '401', '429', '500', ...(method === 'post' ? ['400', '413', '422'] : []), ...(p.includes('{id}') ? ['404'] : [])]) {
      if (!responses.includes(status)) problems.push(`${key} does not document ${status}`);
    }
  }
  return problems;
}

const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
const BASE = 'urn:release-bot:openapi';

/** A strict ajv (2020-12, as OpenAPI 3.1; `required` may name properties defined elsewhere, as `not` does) that knows the document's component schemas by `#/components/schemas/…`. */
function schemaAjv(doc: Doc): { ajv: Ajv2020; compile: (schema: unknown) => ValidateFunction } {
  const warnings: string[] = [];
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, logger: { log: () => {}, warn: (...a: unknown[]) => warnings.push(a.join(' ')), error: (...a: unknown[]) => warnings.push(a.join(' ')) } });
  addFormats(ajv);
  const absolute = <T>(x: T): T => JSON.parse(JSON.stringify(x).replaceAll('"#/components/schemas/', `"${BASE}#/$defs/`)) as T;
  ajv.addSchema({ $id: BASE, $defs: absolute(doc.components['schemas']) });
  return {
    ajv,
    compile: (schema) => {
      const validate = ajv.compile(absolute(schema as Json));
      if (warnings.length) throw new Error(`ajv warned: ${warnings.join('; ')}`);
      return validate;
    },
  };
}

/** Every schema in the document, by where it is: components, parameters, headers and each media type. */
function allSchemas(doc: Doc): Array<[string, unknown]> {
  const found: Array<[string, unknown]> = Object.entries(doc.components['schemas'] ?? {}).map(([name, s]) => [`#/components/schemas/${name}`, s]);
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'schema' && v && typeof v === 'object') found.push([`${at}/schema`, v]);
      else if (!at.startsWith('#/components/schemas')) walk(v, `${at}/${k}`);
    }
  };
  walk(doc.paths, '#/paths');
  for (const kind of ['parameters', 'headers', 'responses']) walk(doc.components[kind], `#/components/${kind}`);
  return found;
}

/** Schemas ajv refuses to compile (unknown keywords, bad types, refs to nothing), with ajv's reason. */
function compileProblems(doc: Doc): string[] {
  const { compile } = schemaAjv(doc);
  return allSchemas(doc).flatMap(([at, schema]) => {
    try {
      compile(schema);
      return [];
    } catch (error) {
      return [`${at}: ${(error as Error).message}`];
    }
  });
}

/** The schema a route's documented JSON request body uses. */
function requestSchema(doc: Doc, route: Route): unknown {
  const body = (doc.paths[route.path]?.[route.method] as Json | undefined)?.['requestBody'] as Json | undefined;
  return ((body?.['content'] as Json | undefined)?.['application/json'] as Json | undefined)?.['schema'];
}

const broken = (change: (d: Doc) => void): Doc => {
  const d = fileDoc();
  change(d);
  return d;
};

describe('the OpenAPI document and the routes', () => {
  it('document exactly the routes of API_ROUTES, plus the public GET /openapi.json', () => {
    expect(new Set(API_ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(API_ROUTES.length);
    expect(routeMismatches(fileDoc(), API_ROUTES)).toEqual([]);
  });

  it('fail when either side gains or loses a route alone', () => {
    const extraRoute = [...API_ROUTES, { method: 'post', path: '/releases/{id}/reschedule', handler: 'reschedule' }];
    expect(routeMismatches(fileDoc(), extraRoute)).toEqual(['route POST /releases/{id}/reschedule is not in the document']);
    const extraPath = broken((d) => (d.paths['/releases/{id}/archive'] = { post: { responses: {} } }));
    expect(routeMismatches(extraPath, API_ROUTES)).toEqual(['documented POST /releases/{id}/archive has no route']);
    const otherMethod = broken((d) => {
      const item = d.paths['/releases/{id}/gates']!;
      item['post'] = item['get']!;
      delete item['get'];
    });
    expect(routeMismatches(otherMethod, API_ROUTES)).toEqual(['route GET /releases/{id}/gates is not in the document', 'documented POST /releases/{id}/gates has no route']);
  });
});

describe('the OpenAPI document is structurally valid', () => {
  it('is OpenAPI 3.1.0 with servers /api/v1, bearer security (none for openapi.json), and each operation declares its parameters and statuses', () => {
    const doc = fileDoc();
    expect(doc['openapi']).toBe('3.1.0');
    expect(doc.components['securitySchemes']).toMatchObject({ bearerAuth: { type: 'http', scheme: 'bearer' } });
    expect(operationProblems(doc)).toEqual([]);
  });

  it('every $ref resolves and every component is used', () => {
    expect(allRefs(fileDoc()).length).toBeGreaterThan(50);
    expect(refProblems(fileDoc())).toEqual([]);
  });

  it('every schema compiles with ajv in strict JSON Schema 2020-12 mode', () => {
    const doc = fileDoc();
    expect(allSchemas(doc).length).toBeGreaterThan(25);
    expect(compileProblems(doc)).toEqual([]);
  });

  it('notices a dangling $ref, an unused component, a misspelt keyword, a missing path parameter and a secured openapi.json', () => {
    expect(refProblems(broken((d) => ((d.components['schemas']!['Release']!['properties'] as Json)['model'] = { $ref: '#/components/schemas/Modell' })))).toEqual([
      '#/components/schemas/Modell does not resolve',
    ]);
    expect(refProblems(broken((d) => (d.components['schemas']!['Spare'] = { type: 'string' })))).toEqual(['#/components/schemas/Spare is never used']);
    expect(compileProblems(broken((d) => (d.components['schemas']!['CancelBody']!['additionalProperty'] = false)))).toEqual([
      expect.stringMatching(/^#\/components\/schemas\/CancelBody: strict mode: unknown keyword: "additionalProperty"/),
      expect.stringMatching(/cancel\/post\/requestBody.*unknown keyword: "additionalProperty"/),
    ]);
    expect(compileProblems(broken((d) => (d.components['schemas']!['Gates']!['properties'] = { ready: { $ref: '#/components/schemas/Nope' } })))).not.toEqual([]);
    const noStep = broken((d) => ((d.paths['/releases/{id}/steps/{step}'] as Json)['parameters'] = [{ $ref: '#/components/parameters/ReleaseId' }]));
    expect(operationProblems(noStep)).toContain('POST /releases/{id}/steps/{step}: path parameters id do not match the template');
    const secured = broken((d) => delete d.paths['/openapi.json']!['get']!['security']);
    expect(operationProblems(secured)).toContain('GET /openapi.json must be public (security: [])');
  });
});

/** Each route's zod body, by handler; GET routes take none. */
const ZOD_BODIES: Record<string, z.ZodType | undefined> = { createRelease: createBody, stepAction: stepBody, deployment: deploymentBody, close: closeBody, cancel: cancelBody };

const s = (n: number) => 'x'.repeat(n);
const SAMPLES: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  createRelease: {
    valid: [
      { title: 'Checkout v2' },
      { title: '', answers: {} },
      { title: s(200), answers: { ...STANDARD, deployAt: 'in 2h', notAQuestion: 'x', [s(64)]: s(2000) } },
      { title: 'T', override: { model: 'major' } },
      { title: 'T', override: { model: s(64), reason: s(500) }, externalId: s(200), releaseManager: s(80), freezeOverride: { reason: s(500) } },
      { title: 'T', where: { slack: { channel: 'C0123ABC' } } },
      { title: 'T', where: { slack: { channel: 'G12' } } },
      { title: 'T', where: { teams: { conversationId: s(500) } } },
      { title: 'T', answers: { userFacing: false, risk: 'low' } },
    ],
    invalid: [
      {},
      { title: 'T', where: {} },
      { title: 'T', answers: { userFacing: false, risk: 1.5 } },
      { answers: STANDARD },
      { title: s(201) },
      { title: 42 },
      { title: 'T', answers: [] },
      { title: 'T', answers: { impact: null } },
      { title: 'T', answers: { impact: ['low'] } },
      { title: 'T', answers: { [s(65)]: 'x' } },
      { title: 'T', answers: { summary: s(2001) } },
      { title: 'T', override: {} },
      { title: 'T', override: { model: 'major', reason: 'r', by: 'me' } },
      { title: 'T', override: { model: s(65) } },
      { title: 'T', externalId: '' },
      { title: 'T', externalId: s(201) },
      { title: 'T', releaseManager: '' },
      { title: 'T', releaseManager: s(81) },
      { title: 'T', freezeOverride: {} },
      { title: 'T', freezeOverride: { reason: s(501) } },
      { title: 'T', where: { slack: { channel: 'c0123abc' } } },
      { title: 'T', where: { slack: { channel: 'D0123ABC' } } },
      { title: 'T', where: { slack: { channel: 'C1' } } },
      { title: 'T', where: { slack: { channel: `C${'A'.repeat(31)}` } } },
      { title: 'T', where: { slack: {} } },
      { title: 'T', where: { teams: { conversationId: '' } } },
      { title: 'T', where: { teams: { conversationId: s(501) } } },
      { title: 'T', where: { slack: { channel: 'C0123ABC' }, teams: { conversationId: '19:abc' } } },
      { title: 'T', where: { discord: { channel: 'x' } } },
      { title: 'T', status: 'planned' },
    ],
  },
  stepAction: {
    valid: [
      { action: 'complete' },
      { action: 'skip', reason: s(500) },
      { action: 'skip' },
      { action: 'undo', reason: '' },
      { action: 'complete', evidence: {} },
      { action: 'complete', evidence: { url: s(500), commit: s(80), note: s(500) } },
    ],
    invalid: [
      {},
      { action: 'done' },
      { action: 'Complete' },
      { action: 'skip', reason: s(501) },
      { action: 'complete', evidence: { url: s(501) } },
      { action: 'complete', evidence: { commit: s(81) } },
      { action: 'complete', evidence: { note: s(501) } },
      { action: 'complete', evidence: { link: 'https://ci' } },
      { action: 'complete', evidence: 'https://ci' },
      { action: 'complete', by: 'ci' },
    ],
  },
  deployment: {
    valid: [
      { status: 'started' },
      { status: 'succeeded', environment: s(80), url: s(500), commit: s(80) },
      { status: 'failed' },
      { status: 'rolled_back', override: { reason: '' } },
      { status: 'succeeded', override: { reason: s(500) } },
    ],
    invalid: [
      {},
      { status: 'deployed' },
      { status: 'succeeded', environment: s(81) },
      { status: 'succeeded', url: s(501) },
      { status: 'succeeded', commit: s(81) },
      { status: 'succeeded', override: {} },
      { status: 'succeeded', override: { reason: s(501) } },
      { status: 'succeeded', override: { reason: 'r', model: 'major' } },
      { status: 'succeeded', at: '2026-01-01T00:00:00Z' },
    ],
  },
  close: {
    valid: [
      { outcome: 'success' },
      { outcome: 'hotfix', incidents: [] },
      { outcome: 'failed', incidents: Array.from({ length: 20 }, () => s(64)), els: { incidents: 0, exitCriteriaMet: false }, note: s(1000) },
      { outcome: 'rolled_back', els: { incidents: 9007199254740991, exitCriteriaMet: true } },
    ],
    invalid: [
      {},
      { outcome: 'succeeded' },
      { outcome: 'success', incidents: Array.from({ length: 21 }, () => 'INC-1') },
      { outcome: 'success', incidents: [s(65)] },
      { outcome: 'success', incidents: 'INC-1' },
      { outcome: 'success', els: { incidents: -1, exitCriteriaMet: true } },
      { outcome: 'success', els: { incidents: 1.5, exitCriteriaMet: true } },
      { outcome: 'success', els: { incidents: 2 ** 60, exitCriteriaMet: true } },
      { outcome: 'success', els: { incidents: 0 } },
      { outcome: 'success', els: { incidents: 0, exitCriteriaMet: 'met' } },
      { outcome: 'success', els: { incidents: 0, exitCriteriaMet: true, exit: true } },
      { outcome: 'success', note: s(1001) },
    ],
  },
  cancel: {
    valid: [{ reason: 'superseded by R-43' }, { reason: '' }, { reason: s(500) }],
    invalid: [{}, { reason: s(501) }, { reason: null }, { reason: 'r', outcome: 'success' }],
  },
};
const NOT_OBJECTS: unknown[] = [null, [], 'text', 42, true];

/** Samples on which the documented schema and zod disagree, with both verdicts. */
function disagreements(validate: ValidateFunction, zodSchema: z.ZodType, samples: unknown[]): string[] {
  return samples.flatMap((sample) => {
    const byAjv = validate(sample);
    const byZod = zodSchema.safeParse(sample).success;
    return byAjv === byZod ? [] : [`${JSON.stringify(sample).slice(0, 120)}: document ${byAjv ? 'accepts' : 'refuses'}, zod ${byZod ? 'accepts' : 'refuses'}`];
  });
}

/** The schema with every $ref inlined and what only documents (descriptions, examples, defaults) left out. */
function constraints(doc: Doc, schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((x) => constraints(doc, x));
  if (!schema || typeof schema !== 'object') return schema;
  const own = Object.entries(schema as Json).filter(([k]) => !['description', 'examples', 'default', '$schema', '$ref'].includes(k));
  const ref = (schema as Json)['$ref'];
  const base = typeof ref === 'string' ? (constraints(doc, resolvePointer(doc, ref)) as Json) : {};
  return { ...base, ...Object.fromEntries(own.map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, ps]) => [p, constraints(doc, ps)])) : constraints(doc, v)])) };
}

describe('the documented request bodies agree with the zod bodies of api-bodies.ts', () => {
  const doc = fileDoc();
  const { compile } = schemaAjv(doc);
  const posts = API_ROUTES.filter((r) => r.method === 'post');

  it('every POST route has a zod body and samples, and no GET route has a body', () => {
    expect(posts.map((r) => r.handler).sort()).toEqual(Object.keys(ZOD_BODIES).sort());
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(ZOD_BODIES).sort());
    for (const r of API_ROUTES.filter((x) => x.method === 'get')) expect(requestSchema(doc, r)).toBeUndefined();
  });

  it.each(posts.map((r) => [r.handler, r] as const))('%s: ajv on the documented schema and zod give the same verdict on every sample', (handler, route) => {
    const schema = requestSchema(doc, route);
    expect(schema, `${route.path} documents no application/json body`).toBeDefined();
    const zodSchema = ZOD_BODIES[handler]!;
    const { valid, invalid } = SAMPLES[handler]!;
    // The samples mean what they say, so a schema that accepts or refuses everything is caught.
    expect(valid.filter((b) => !zodSchema.safeParse(b).success)).toEqual([]);
    expect(invalid.filter((b) => zodSchema.safeParse(b).success)).toEqual([]);
    // Each valid body with an unknown field is refused by both: the bodies are strict.
    const withUnknown = valid.map((b) => ({ ...(b as Json), unexpected: true }));
    expect(disagreements(compile(schema), zodSchema, [...valid, ...invalid, ...withUnknown, ...NOT_OBJECTS])).toEqual([]);
  });

  it.each(posts.map((r) => [r.handler, r] as const))('%s: the documented schema states exactly the constraints zod generates', (handler, route) => {
    const generated = z.toJSONSchema(ZOD_BODIES[handler]!, { io: 'input' }) as Json;
    // zod cannot put its refine (exactly one place) into JSON Schema; the document says it with minProperties and `not`.
    if (handler === 'createRelease') Object.assign((generated['properties'] as Json)['where'] as Json, { minProperties: 1, not: { required: ['slack', 'teams'] } });
    expect(constraints(doc, requestSchema(doc, route))).toEqual(constraints(doc, generated));
  });

  it('notice a documented body that drifts from zod', () => {
    const route = posts.find((r) => r.handler === 'deployment')!;
    const drifted = broken((d) => (((d.components['schemas']!['DeploymentBody']!['properties'] as Json)['status'] as Json)['enum'] = ['started', 'succeeded', 'failed']));
    const validate = schemaAjv(drifted).compile(requestSchema(drifted, route));
    expect(disagreements(validate, deploymentBody, SAMPLES['deployment']!.valid)).toEqual([`{"status":"rolled_back","override":{"reason":""}}: document refuses, zod accepts`]);
    expect(constraints(drifted, requestSchema(drifted, route))).not.toEqual(constraints(drifted, z.toJSONSchema(deploymentBody, { io: 'input' })));
  });
});

describe('the served document and the handlers over HTTP', () => {
  const api = new ApiBot();
  let token = '';
  let served: Doc;
  let check: ReturnType<typeof schemaAjv>;

  beforeAll(async () => {
    await api.start();
    token = await api.token('openapi-ci');
    const res = await api.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    served = res.json as Doc;
    check = schemaAjv(served);
  });
  afterAll(() => api.stop());

  it('is public, and is the file with Answers built from the loaded questions', () => {
    const answers = served.components['schemas']!['Answers'] as { properties: Record<string, Json>; additionalProperties: unknown };
    expect(answers.properties['impact']).toMatchObject({ type: 'string', enum: ['low', 'medium', 'high'] });
    expect(answers.properties['rollback']!['enum']).toEqual(['easy', 'hard', 'impossible']);
    expect(answers.properties['userFacing']).toMatchObject({ type: 'boolean' });
    expect(answers.properties['title']).toMatchObject({ type: 'string', maxLength: 150 });
    expect(answers.additionalProperties).toBe(false);
    const file = fileDoc();
    expect(file.components['schemas']!['Answers']).not.toEqual(answers);
    expect({ ...served, components: { ...served.components, schemas: { ...served.components['schemas'], Answers: file.components['schemas']!['Answers'] } } }).toEqual(file);
    expect(compileProblems(served)).toEqual([]);
    expect(refProblems(served)).toEqual([]);
  });

  it('answers as documented: created, read, gates, steps, deployments (with missing), close, cancel and problems', async () => {
    /** The answer is one the operation documents: its status, its media type, and a body its schema accepts. */
    const documented = (operation: string, res: { status: number; type: string; json: unknown }) => {
      const [method, template] = operation.split(' ') as [string, string];
      const responses = (served.paths[template]?.[method.toLowerCase()] as Json | undefined)?.['responses'] as Record<string, Json> | undefined;
      let response = responses?.[String(res.status)];
      expect(response, `${operation} does not document ${res.status}`).toBeDefined();
      if (typeof response!['$ref'] === 'string') response = resolvePointer(served, response!['$ref']) as Json;
      const [mediaType, media] = Object.entries(response!['content'] as Record<string, Json>)[0]!;
      expect(res.type.split(';')[0], `${operation} ${res.status}`).toBe(mediaType);
      const v = check.compile(media['schema']);
      expect(v(res.json), `${operation} ${res.status}: ${check.ajv.errorsText(v.errors)} in ${JSON.stringify(res.json).slice(0, 400)}`).toBe(true);
    };
    const create = { title: 'OpenAPI check', answers: { ...MAJOR, deployAt: 'in 2h' } };
    // The served schema for this body accepts what the handler accepts here.
    expect(check.compile({ $ref: '#/components/schemas/CreateReleaseBody' })(create)).toBe(true);
    const created = await api.call('POST', '/releases', { token, body: create, headers: { 'idempotency-key': 'openapi-1' } });
    expect(created.status).toBe(201);
    documented('POST /releases', created);
    const id = String(created.json['id']);

    const replay = await fetch(`${api.url}/releases`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'openapi-1' }, body: JSON.stringify(create) });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const release = await api.call('GET', `/releases/${id}`, { token });
    expect(release.status).toBe(200);
    documented('GET /releases/{id}', release);

    const gates = await api.call('GET', `/releases/${id}/gates`, { token });
    documented('GET /releases/{id}/gates', gates);
    expect(gates.json['ready']).toBe(false);
    const kinds = (gates.json['missing'] as Array<{ kind: string }>).map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['approval', 'go_no_go', 'step']));

    const blocked = await api.call('POST', `/releases/${id}/deployments`, { token, body: { status: 'started' } });
    expect(blocked.status).toBe(409);
    expect(blocked.type).toMatch(/^application\/problem\+json/);
    documented('POST /releases/{id}/deployments', blocked);
    expect(blocked.json['missing']).toEqual(gates.json['missing']);

    const stepId = (gates.json['missing'] as Array<{ kind: string; id: string }>).find((m) => m.kind === 'step')!.id;
    const step = await api.call('POST', `/releases/${id}/steps/${stepId}`, { token, body: { action: 'complete', evidence: { url: 'https://ci.example/run/1', commit: 'abc123', note: 'green' } } });
    expect(step.status).toBe(200);
    documented('POST /releases/{id}/steps/{step}', step);
    expect(step.json['step']).toMatchObject({ id: stepId, state: 'done', by: { kind: 'pipeline', id: 'openapi-ci' }, evidence: { url: 'https://ci.example/run/1' } });
    const again = await api.call('POST', `/releases/${id}/steps/${stepId}`, { token, body: { action: 'complete' } });
    expect(again.json['changed']).toBe(false);
    documented('POST /releases/{id}/steps/{step}', again);
    const skipped = await api.call('POST', `/releases/${id}/steps/1`, { token, body: { action: 'skip' } });
    expect(skipped.status).toBe(400);
    documented('POST /releases/{id}/steps/{step}', skipped);

    // The pipeline started it without naming a release manager, so it is one, and may override.
    const deployed = await api.call('POST', `/releases/${id}/deployments`, { token, body: { status: 'succeeded', environment: 'production', url: 'https://ci.example/deploy/1', commit: 'abc123', override: { reason: 'openapi test' } } });
    expect(deployed.status).toBe(200);
    documented('POST /releases/{id}/deployments', deployed);
    expect((deployed.json['release'] as Json)['deployedAt']).toEqual(expect.any(String));
    const closed = await api.call('POST', `/releases/${id}/close`, { token, body: { outcome: 'success', incidents: ['INC-1'], els: { incidents: 0, exitCriteriaMet: true } } });
    expect(closed.status).toBe(200);
    documented('POST /releases/{id}/close', closed);
    expect(closed.json['release']).toMatchObject({ status: 'closed', outcome: { result: 'success' } });
    const afterClose = await api.call('GET', `/releases/${id}`, { token });
    documented('GET /releases/{id}', afterClose);
    const closedAgain = await api.call('POST', `/releases/${id}/cancel`, { token, body: { reason: 'too late' } });
    expect(closedAgain.status).toBe(409);
    documented('POST /releases/{id}/cancel', closedAgain);

    const other = await api.call('POST', '/releases', { token, body: { title: 'To cancel', answers: { ...STANDARD, deployAt: 'in 3h' }, externalId: 'build-7' } });
    expect(other.status).toBe(201);
    const sameExternal = await api.call('POST', '/releases', { token, body: { title: 'To cancel', answers: { ...STANDARD, deployAt: 'in 3h' }, externalId: 'build-7' } });
    expect(sameExternal.status).toBe(200);
    documented('POST /releases', sameExternal);
    const cancelled = await api.call('POST', `/releases/${String(other.json['id'])}/cancel`, { token, body: { reason: 'superseded' } });
    expect(cancelled.status).toBe(200);
    documented('POST /releases/{id}/cancel', cancelled);

    const bad = await api.call('POST', '/releases', { token, body: { title: 'Bad', answers: { ...STANDARD, impact: 'huge', deployAt: 'in 2h' }, colour: 'red' } });
    expect(bad.status).toBe(400);
    documented('POST /releases', bad);
    const badAnswers = await api.call('POST', '/releases', { token, body: { title: 'Bad', answers: { ...STANDARD, impact: 'huge', deployAt: 'in 2h' } } });
    expect(badAnswers.status).toBe(400);
    documented('POST /releases', badAnswers);
    expect(badAnswers.json['errors']).toContainEqual(expect.objectContaining({ field: 'answers.impact' }));
    const missing = await api.call('GET', '/releases/R-999999', { token });
    expect(missing.status).toBe(404);
    documented('GET /releases/{id}', missing);
    const anonymous = await api.call('GET', `/releases/${id}`);
    expect(anonymous.status).toBe(401);
    documented('GET /releases/{id}', anonymous);
    const huge = await api.call('POST', '/releases', { token, raw: JSON.stringify({ title: s(70_000) }) });
    expect(huge.status).toBe(413);
    documented('POST /releases', huge);
    const reused = await api.call('POST', '/releases', { token, body: { ...create, title: 'Another' }, headers: { 'idempotency-key': 'openapi-1' } });
    expect(reused.status).toBe(422);
    documented('POST /releases', reused);

    const managed = await api.call('POST', '/releases', { token, body: { title: 'Managed by alice', answers: { ...STANDARD, deployAt: 'in 4h' }, releaseManager: 'alice' } });
    documented('POST /releases', managed);
    const forbidden = await api.call('POST', `/releases/${String(managed.json['id'])}/cancel`, { token, body: { reason: 'not mine' } });
    expect(forbidden.status).toBe(403);
    documented('POST /releases/{id}/cancel', forbidden);
    const noStep = await api.call('POST', `/releases/${String(managed.json['id'])}/steps/no_such_step`, { token, body: { action: 'complete' } });
    expect(noStep.status).toBe(404);
    documented('POST /releases/{id}/steps/{step}', noStep);
    const nowhere = await api.call('POST', '/releases', { token, body: { title: 'Nowhere', answers: { ...STANDARD, deployAt: 'in 2h' }, where: { slack: { channel: 'C0123ABC' } } } });
    expect(nowhere.status).toBe(422);
    documented('POST /releases', nowhere);
    documented('GET /openapi.json', { status: 200, type: 'application/json', json: served });

    // Last, as it locks this address out: repeated failed authentication is a 429 with Retry-After.
    let limited: Awaited<ReturnType<typeof api.call>> | undefined;
    for (let i = 0; i < 12 && limited?.status !== 429; i++) limited = await api.call('GET', `/releases/${id}`, { token: 'wrong' });
    expect(limited!.status).toBe(429);
    documented('GET /releases/{id}', limited!);
  });
});

describe('the served Answers follow MODELS_DIR', () => {
  const api = new ApiBot();
  let modelsDir = '';

  beforeAll(async () => {
    modelsDir = await mkdtemp(path.join(tmpdir(), 'rb-openapi-models-'));
    await cp(path.resolve('models'), modelsDir, { recursive: true });
    const file = path.join(modelsDir, 'questions.yaml');
    const questions = parseYaml(await readFile(file, 'utf8')) as { questions: Array<{ id: string; options?: Array<{ value: string; label: string }> }> };
    questions.questions.find((q) => q.id === 'impact')!.options!.push({ value: 'critical', label: 'Critical' });
    await writeFile(file, stringifyYaml(questions));
    await api.start({ MODELS_DIR: modelsDir });
  });
  afterAll(async () => {
    await api.stop();
    await rm(modelsDir, { recursive: true, force: true });
  });

  it('the impact enum is the one of the questions in that directory', async () => {
    const res = await api.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const answers = (res.json as Doc).components['schemas']!['Answers'] as { properties: Record<string, Json> };
    expect(answers.properties['impact']!['enum']).toEqual(['low', 'medium', 'high', 'critical']);
  });
});
