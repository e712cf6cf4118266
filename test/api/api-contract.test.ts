import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../src/index.js';
import { ApiBot, MAJOR, STANDARD } from './api-harness.js';

/*
 * The pipeline API contract over real HTTP with real tokens: a bot in console mode with API_ENABLED, its own
 * DATA_DIR, tokens made the way "npm run token" makes them.
 */
const later = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('pipeline API: authentication', () => {
  const api = new ApiBot();
  beforeAll(async () => {
    await api.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('answers 401 as a problem for a missing, unknown or revoked token, and honours a new or revoked token within two seconds', async () => {
    const none = await api.call('GET', '/releases/R-1');
    expect(none.status).toBe(401);
    expect(none.type).toMatch(/^application\/problem\+json/);
    expect(none.json).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await api.call('GET', '/releases/R-1', { token: 'rbt_nope' })).json).toMatchObject({ status: 401, detail: 'The token is unknown or revoked.' });
    const token = await api.token('late-ci');
    await new Promise((r) => setTimeout(r, 2000));
    expect((await api.call('GET', '/releases/R-1', { token })).status).toBe(404);
    await revokeToken(api.dataDir, 'late-ci', new Date());
    await new Promise((r) => setTimeout(r, 2000));
    expect((await api.call('GET', '/releases/R-1', { token })).status).toBe(401);
  });

  it('slows down an address that keeps failing with 429s', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await api.call('GET', '/releases/R-1', { token: `rbt_guess${i}` })).status);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    // A pipeline with a valid token behind the same address is not locked out by someone else's guessing.
    const valid = await api.token('behind-the-same-nat');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await api.call('GET', '/releases/R-1', { token: valid })).status).toBe(404);
  });
});

describe('pipeline API behind a proxy (TRUST_PROXY)', () => {
  const api = new ApiBot();
  beforeAll(async () => {
    await api.start({ TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('slows down the client that keeps failing, as the proxy names it, not everyone behind the proxy', async () => {
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await api.call('GET', '/releases/R-1', { token: `rbt_guess${i}`, headers: from('203.0.113.7') })).status);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect((await api.call('GET', '/releases/R-1', { token: 'rbt_typo', headers: from('198.51.100.2') })).status).toBe(401);
  });
});

describe('shutting down behind a proxy (SHUTDOWN_DRAIN)', () => {
  it('answers /readyz 503 and still serves requests while it drains, then closes', async () => {
    const api = await new ApiBot().start({ SHUTDOWN_DRAIN: '2s' });
    const readyz = () => fetch(`http://127.0.0.1:${api.bot.port}/readyz`).then((r) => r.status);
    expect(await readyz()).toBe(200);
    const stopped = api.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(await readyz()).toBe(503);
    expect((await api.call('GET', '/releases/R-1')).status).toBe(401);
    await stopped;
    await expect(readyz()).rejects.toThrow();
  });
});

describe('pipeline API: releases, steps, deployments', () => {
  const api = new ApiBot();
  let ci: string;
  let other: string;
  beforeAll(async () => {
    await api.start();
    ci = await api.token('github-ci');
    other = await api.token('gitlab-ci');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('creates a release classified as in chat, and names every wrong field', async () => {
    const bad = await api.call('POST', '/releases', { token: ci, body: { title: 'Docs fix', answers: { ...STANDARD, impact: 'Low', deployAt: 'someday' }, color: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ field: 'color', message: 'is not a field of this request' }]);
    const answers = await api.call('POST', '/releases', { token: ci, body: { title: 'Docs fix', answers: { ...STANDARD, impact: 'Low', deployAt: 'someday' } } });
    expect(answers.json.errors).toEqual([{ field: 'answers.impact', message: 'must be one of "low", "medium", "high"' }]);
    const time = await api.call('POST', '/releases', { token: ci, body: { title: 'Docs fix', answers: { ...STANDARD, deployAt: 'someday' } } });
    expect(time.json.errors).toEqual([{ field: 'answers.deployAt', message: expect.stringMatching(/date and time/) as string }]);
    const unknown = await api.call('POST', '/releases', { token: ci, body: { title: 'Docs fix', answers: { ...STANDARD, deployAt: later(2), colour: 'red', userFacing: 'no' } } });
    expect(unknown.json.errors).toEqual([{ field: 'answers.colour', message: 'is not a question' }, { field: 'answers.userFacing', message: 'must be true or false' }]);
    const twice = await api.call('POST', '/releases', { token: ci, body: { title: 'Docs fix', answers: { ...STANDARD, title: 'Other', deployAt: later(2) } } });
    expect(twice.json.errors).toEqual([{ field: 'answers.title', message: 'differs from title' }]);

    const created = await api.call('POST', '/releases', { token: ci, body: { title: 'Docs fix', answers: { ...STANDARD, deployAt: 'in 2h' } } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'R-1', status: 'planned', model: { id: 'standard', name: 'Standard change', explanation: expect.stringContaining('Standard change') as string } });
    const got = await api.call('GET', '/releases/R-1', { token: ci });
    expect(got.json).toMatchObject({ id: 'R-1', title: 'Docs fix', status: 'planned', releaseManager: { kind: 'pipeline', id: 'github-ci', name: 'pipeline github-ci' } });
    expect((got.json.steps as Array<{ id: string; automated: boolean }>).filter((s) => s.automated).map((s) => s.id)).toEqual(['ci_green', 'staging_smoke', 'deploy']);
  });

  it('replays an Idempotency-Key with the first answer, refuses it for another body, and does not use it up on a 4xx', async () => {
    const body = { title: 'Cache bump', answers: { ...STANDARD, deployAt: later(3) } };
    const first = await api.call('POST', '/releases', { token: ci, body, headers: { 'idempotency-key': 'run-1' } });
    const again = await api.call('POST', '/releases', { token: ci, body, headers: { 'idempotency-key': 'run-1' } });
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    // The same body with its keys in another order is the same request.
    const reordered = await api.call('POST', '/releases', { token: ci, body: { answers: body.answers, title: body.title }, headers: { 'idempotency-key': 'run-1' } });
    expect(reordered).toEqual(first);
    // Keys belong to their token: another pipeline's "run-1" is its own.
    expect((await api.call('POST', '/releases', { token: other, body, headers: { 'idempotency-key': 'run-1' } })).json.id).not.toBe(first.json.id);
    const changed = await api.call('POST', '/releases', { token: ci, body: { ...body, title: 'Other' }, headers: { 'idempotency-key': 'run-1' } });
    expect(changed.status).toBe(422);
    const broken = await api.call('POST', '/releases', { token: ci, body: { title: 'Fix', answers: {} }, headers: { 'idempotency-key': 'run-2' } });
    expect(broken.status).toBe(400);
    const fixed = await api.call('POST', '/releases', { token: ci, body: { title: 'Fix', answers: { ...STANDARD, deployAt: later(4) } }, headers: { 'idempotency-key': 'run-2' } });
    expect(fixed.status).toBe(201);
  });

  it('answers a second start with the same externalId with the release the first one started', async () => {
    const body = { title: 'Build 815', externalId: 'pipeline-815', answers: { ...STANDARD, deployAt: later(5) } };
    const first = await api.call('POST', '/releases', { token: ci, body });
    const second = await api.call('POST', '/releases', { token: ci, body });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.json.id).toBe(first.json.id);
  });

  it('completes steps with evidence as the pipeline, and maps refusals to 400, 403, 404 and 409', async () => {
    const done = await api.call('POST', '/releases/R-1/steps/ci_green', { token: ci, body: { action: 'complete', evidence: { url: 'https://ci.example/runs/1?a=1&b=2', commit: 'a1b2c3d' } } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ changed: true, step: { id: 'ci_green', state: 'done', by: { kind: 'pipeline', id: 'github-ci', name: 'pipeline github-ci' }, evidence: { url: 'https://ci.example/runs/1?a=1&b=2', commit: 'a1b2c3d' } } });
    expect((await api.call('POST', '/releases/R-1/steps/1', { token: ci, body: { action: 'complete' } })).json).toMatchObject({ changed: true, step: { n: 1, id: 'peer_review' } });
    expect((await api.call('POST', '/releases/R-1/steps/1', { token: ci, body: { action: 'complete' } })).json).toMatchObject({ changed: false });
    expect((await api.call('POST', '/releases/R-1/steps/ci_green', { token: ci, body: { action: 'complete', evidence: { url: 'javascript:alert(1)' } } })).json.errors).toEqual([{ field: 'evidence.url', message: expect.stringMatching(/is not an http\(s\) link/) as string }]);
    expect((await api.call('POST', '/releases/R-1/steps/99', { token: ci, body: { action: 'complete' } })).status).toBe(404);
    expect((await api.call('POST', '/releases/R-99/steps/1', { token: ci, body: { action: 'complete' } })).status).toBe(404);
    expect((await api.call('POST', '/releases/R-1/steps/staging_smoke', { token: ci, body: { action: 'skip' } })).json).toMatchObject({ status: 400, errors: [{ field: 'reason' }] });
    expect((await api.call('POST', '/releases/R-1/steps/ci_green', { token: ci, body: { action: 'skip', reason: 'n/a' } })).status).toBe(409);
    // Another pipeline may not undo what this one did; it is not the release manager.
    expect((await api.call('POST', '/releases/R-1/steps/ci_green', { token: other, body: { action: 'undo' } })).status).toBe(403);
  });

  it('holds a deployment to the gates, records failures, and records success with the ELS clock from then', async () => {
    const major = await api.call('POST', '/releases', { token: ci, body: { title: 'Ledger v2', answers: { ...MAJOR, deployAt: later(48) } } });
    const id = String(major.json.id);
    const gates = await api.call('GET', `/releases/${id}/gates`, { token: ci });
    expect(gates.json.ready).toBe(false);
    expect((gates.json.missing as Array<{ kind: string; id: string }>).slice(0, 2)).toEqual([
      { kind: 'approval', id: 'approval', title: 'Change approval' },
      { kind: 'go_no_go', id: 'go', title: 'Go/no-go decision' },
    ]);
    const started = await api.call('POST', `/releases/${id}/deployments`, { token: ci, body: { status: 'started', environment: 'production' } });
    expect(started.status).toBe(409);
    expect(started.json.missing).toEqual(gates.json.missing);
    expect(started.json.hint).toBe('The release manager may deploy anyway with "override": { "reason": "…" } in the deployment body.');
    expect((await api.call('POST', `/releases/${id}/deployments`, { token: ci, body: { status: 'failed', environment: 'staging' } })).status).toBe(200);
    const forced = await api.call('POST', `/releases/${id}/deployments`, { token: ci, body: { status: 'succeeded', environment: 'production', url: 'https://deploy.example/9', override: { reason: 'CAB approved by phone' } } });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ changed: true, release: { status: 'els', deployedAt: expect.any(String) as string } });
    expect((await api.call('POST', `/releases/${id}/deployments`, { token: ci, body: { status: 'succeeded' } })).json).toMatchObject({ changed: false });
    const stored = await api.bot.service.get(id);
    expect(stored.deployOverride).toMatchObject({ by: { id: 'pipeline:github-ci' }, reason: 'CAB approved by phone' });
    expect(stored.deployments?.map((d) => d.status)).toEqual(['failed', 'succeeded']);
    expect(stored.reminders.filter((r) => r.kind === 'els_checkin').every((r) => Date.parse(r.dueAt) > Date.parse(stored.deployedAt!))).toBe(true);
  });

  it('closes a deployed release with its outcome and note as the release manager', async () => {
    const r = await api.call('POST', '/releases', { token: ci, body: { title: 'Flags', answers: { ...STANDARD, deployAt: later(1) } } });
    const id = String(r.json.id);
    await api.call('POST', `/releases/${id}/deployments`, { token: ci, body: { status: 'succeeded' } });
    const refused = await api.call('POST', `/releases/${id}/close`, { token: ci, body: { outcome: 'success' } });
    expect(refused.json).toMatchObject({ status: 400, errors: [{ field: 'els' }], hint: expect.stringContaining('"els": { "incidents"') as string });
    const closed = await api.call('POST', `/releases/${id}/close`, { token: ci, body: { outcome: 'hotfix', incidents: ['INC-9'], els: { incidents: 1, exitCriteriaMet: false }, note: 'cache stampede' } });
    expect(closed.json).toMatchObject({ changed: true, release: { status: 'closed', outcome: { result: 'hotfix', incidents: ['INC-9'], els: { incidents: 1, exitCriteriaMet: false } } } });
    expect((await api.bot.service.get(id)).outcome?.note).toBe('cache stampede');
  });

  it('closes and cancels only as the release manager, and still answers for an archived release', async () => {
    expect((await api.call('POST', '/releases/R-1/cancel', { token: other, body: { reason: 'not mine' } })).status).toBe(403);
    const cancelled = await api.call('POST', '/releases/R-1/cancel', { token: ci, body: { reason: 'superseded' } });
    expect(cancelled.json).toMatchObject({ changed: true, release: { status: 'cancelled' } });
    expect((await api.call('GET', '/releases/R-1', { token: ci })).json).toMatchObject({ status: 'cancelled' });
    expect((await api.call('POST', '/releases/R-1/deployments', { token: ci, body: { status: 'failed' } })).status).toBe(409);
  });

  it('refuses a body over the cap, and answers unknown routes with a problem', async () => {
    const big = await api.call('POST', '/releases', { token: ci, raw: JSON.stringify({ title: 'x'.repeat(70_000) }) });
    expect(big.status).toBe(413);
    expect((await api.call('GET', '/nothing', { token: ci })).status).toBe(404);
    expect((await api.call('POST', '/releases', { token: ci, raw: '{"title":' })).json).toMatchObject({ status: 400, errors: [{ field: 'body' }] });
  });
});

describe('pipeline API: answers kept across a restart', () => {
  it('replays an Idempotency-Key after the bot restarted on the same data', async () => {
    const first = await new ApiBot().start();
    const token = await first.token('jenkins');
    const body = { title: 'Search v3', answers: { ...STANDARD, deployAt: later(6) } };
    const created = await first.call('POST', '/releases', { token, body, headers: { 'idempotency-key': 'build-77' } });
    await first.stop(true);
    const second = await new ApiBot().start({}, first.dataDir);
    try {
      const replay = await second.call('POST', '/releases', { token, body, headers: { 'idempotency-key': 'build-77' } });
      expect(replay).toEqual(created);
      expect((await second.bot.service.listActive()).length).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
