import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../adapters/cli/api-client.js';
import { createdSchema, gatesSchema } from '../../adapters/cli/api-schemas.js';
import { CliError } from '../../adapters/cli/cli-error.js';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { DEPLOYMENT_STATUSES as CLI_DEPLOYMENT_STATUSES, OUTCOMES as CLI_OUTCOMES, parseCommand } from '../../adapters/cli/parse-command.js';
import { runReleaseBot } from '../../adapters/cli/run-release-bot.js';
import { DEPLOYMENT_STATUSES, OUTCOMES } from '../../src/index.js';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network';

/** A fetch that answers from a script and records each request. */
function scripted(replies: Reply[]) {
  const calls: Array<{ url: string; method: string; headers: Record<string, string>; body?: string }> = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: String(init.method), headers: init.headers as Record<string, string>, ...(typeof init.body === 'string' ? { body: init.body } : {}) });
    const reply = replies.shift();
    if (!reply) throw new Error('no more replies scripted');
    if (reply === 'network') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    return new Response(reply.body === undefined ? null : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body), { status: reply.status, headers: reply.headers ?? { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fetchFn, calls };
}

const CREATED = { id: 'R-7', status: 'planned', model: { id: 'standard', name: 'Standard change', explanation: 'Standard change, because…' } };

async function failure(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('the release-bot API client', () => {
  it('retries network errors, 5xx and 429 with backoff, sending the same Idempotency-Key every time', async () => {
    const { fetchFn, calls } = scripted(['network', { status: 503, body: { status: 503, title: 'Unavailable' } }, { status: 429, body: { status: 429, title: 'Too many requests' }, headers: { 'retry-after': '2' } }, { status: 201, body: CREATED }]);
    const waits: number[] = [];
    const notes: string[] = [];
    const client = createApiClient({ baseUrl: 'http://bot', token: 'rbt_x', retries: 3, fetch: fetchFn, sleep: async (ms) => void waits.push(ms), note: (l) => notes.push(l) });
    const created = await client.post('/releases', { title: 't' }, createdSchema, 'key-1');
    expect(created.id).toBe('R-7');
    expect(calls).toHaveLength(4);
    expect(calls.map((c) => c.headers['idempotency-key'])).toEqual(['key-1', 'key-1', 'key-1', 'key-1']);
    expect(calls.every((c) => c.url === 'http://bot/api/v1/releases' && c.headers['authorization'] === 'Bearer rbt_x')).toBe(true);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    expect(waits[2]).toBe(2000); // Retry-After
    expect(notes).toHaveLength(3);
  });

  it('gives up after its retries with exit 4, and never retries a 4xx', async () => {
    const down = scripted([{ status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } }, { status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } }]);
    const e = await failure(createApiClient({ baseUrl: 'http://bot', token: 't', retries: 1, fetch: down.fetchFn, sleep: async () => {} }).get('/releases/R-1/gates', gatesSchema));
    expect(e.exitCode).toBe(EXIT.UNAVAILABLE);
    expect(e.message).toContain('502');
    expect(down.calls).toHaveLength(2);

    const refused = scripted([{ status: 409, body: { status: 409, title: 'Conflict', detail: 'R-1 is closed.' } }]);
    const r = await failure(createApiClient({ baseUrl: 'http://bot', token: 't', retries: 3, fetch: refused.fetchFn, sleep: async () => {} }).post('/releases/R-1/cancel', { reason: 'x' }, createdSchema, 'k'));
    expect(r.exitCode).toBe(EXIT.REFUSED);
    expect(r.message).toBe('Conflict (409): R-1 is closed.');
    expect(refused.calls).toHaveLength(1);
  });

  it('an answer that does not parse is exit 4, not a crash', async () => {
    const odd = scripted([{ status: 200, body: { ready: 'yes' } }]);
    const e = await failure(createApiClient({ baseUrl: 'http://bot', token: 't', retries: 0, fetch: odd.fetchFn }).get('/releases/R-1/gates', gatesSchema));
    expect(e.exitCode).toBe(EXIT.UNAVAILABLE);
    expect(e.message).toContain('ready');
  });

  it('start generates an Idempotency-Key when none is given, and keeps it across a retry', async () => {
    const { fetchFn, calls } = scripted(['network', { status: 201, body: CREATED }]);
    const out: string[] = [];
    const code = await runReleaseBot(['start', '--title', 'T', '--answer', 'userFacing=No', '--answer', 'impact=low'], { RELEASE_BOT_URL: 'http://bot/', RELEASE_BOT_TOKEN: 't' }, { out: (l) => out.push(l), err: () => {}, fetch: fetchFn, sleep: async () => {} });
    expect(code).toBe(0);
    expect(out).toEqual(['R-7']);
    const key = calls[0]!.headers['idempotency-key'];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[1]!.headers['idempotency-key']).toBe(key);
    expect(JSON.parse(calls[0]!.body!)).toEqual({ title: 'T', answers: { userFacing: false, impact: 'low' } });
  });

  it('gates --wait asks again until ready', async () => {
    const { fetchFn, calls } = scripted([{ status: 200, body: { ready: false, missing: [{ kind: 'approval', id: 'approval', title: 'Change approval' }] } }, { status: 200, body: { ready: true, missing: [] } }]);
    let clock = 0;
    const out: string[] = [];
    const code = await runReleaseBot(['gates', 'r-3', '--wait', '1m', '--interval', '20s'], { RELEASE_BOT_URL: 'http://bot', RELEASE_BOT_TOKEN: 't' }, { out: (l) => out.push(l), err: () => {}, fetch: fetchFn, now: () => clock, sleep: async (ms) => void (clock += ms) });
    expect(code).toBe(0);
    expect(calls.map((c) => c.url)).toEqual(['http://bot/api/v1/releases/R-3/gates', 'http://bot/api/v1/releases/R-3/gates']);
    expect(clock).toBe(20_000);
    expect(out).toEqual(['R-3: ready to deploy.']);
  });
});

describe('the release-bot command line', () => {
  it('builds the request bodies the API takes', () => {
    expect(parseCommand(['step', 'R-4', '2', 'complete', '--evidence-url', 'https://ci/1', '--commit', 'abc'])).toEqual({ kind: 'step', releaseId: 'R-4', path: '/releases/R-4/steps/2', body: { action: 'complete', evidence: { url: 'https://ci/1', commit: 'abc' } } });
    expect(parseCommand(['deploy', 'r4', 'rolled_back', '--override-reason', 'hotfix'])).toMatchObject({ path: '/releases/R-4/deployments', body: { status: 'rolled_back', override: { reason: 'hotfix' } } });
    expect(parseCommand(['close', 'R-4', 'success', '--incident', 'INC-1', '--incident', 'INC-2', '--els-incidents', '0', '--els-exit', 'met', '--note', 'quiet'])).toMatchObject({ body: { outcome: 'success', incidents: ['INC-1', 'INC-2'], els: { incidents: 0, exitCriteriaMet: true }, note: 'quiet' } });
    expect(parseCommand(['start', '--title', 'T', '--answer', 'userFacing=YES', '--answer', 'note=a=b', '--slack-channel', 'C0123', '--model', 'minor', '--reason', 'why'])).toMatchObject({
      body: { title: 'T', answers: { userFacing: true, note: 'a=b' }, where: { slack: { channel: 'C0123' } }, override: { model: 'minor', reason: 'why' } },
    });
  });

  it('refuses mistakes as usage errors (exit 2)', () => {
    for (const argv of [[], ['launch'], ['step', 'R-1', 'ci', 'finish'], ['gates', 'release-1'], ['gates', 'R-1', '--wait', 'soon'], ['start', '--title', 'T', '--answer', 'impact'], ['start', '--title', 'T', '--answer', 'a=1', '--answer', 'a=2'], ['cancel', 'R-1'], ['close', 'R-1', 'success', '--els-exit', 'met'], ['status', 'R-1', '--verbose']]) {
      expect(() => parseCommand(argv), argv.join(' ')).toThrow(expect.objectContaining({ exitCode: EXIT.USAGE }));
    }
  });

  it('knows the same deployment statuses and outcomes as the core', () => {
    expect([...CLI_DEPLOYMENT_STATUSES]).toEqual([...DEPLOYMENT_STATUSES]);
    expect([...CLI_OUTCOMES]).toEqual([...OUTCOMES]);
  });
});
