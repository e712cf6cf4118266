import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiBot, MAJOR, STANDARD } from '../api/api-harness.js';
import { localActor, readConfig, type Origin } from '../../src/index.js';
import { seriesOf, sumOf, valueOf } from './prom-text.js';

/*
 * GET /metrics over real HTTP on a console-mode bot with the pipeline API on: the metric names, then the values after
 * a scripted release driven through the API and through the dispatcher as the console drives it.
 */
const later = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(bot: ApiBot, headers: Record<string, string> = {}): Promise<{ status: number; type: string; text: string; auth: string | null }> {
  const res = await fetch(`http://127.0.0.1:${bot.bot.port}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), auth: res.headers.get('www-authenticate') };
}

/** The difference of every series of `name` between two scrapes, leaving out those that did not change. */
function delta(before: string, after: string, name: string): Record<string, number> {
  const a = seriesOf(before, name);
  const b = seriesOf(after, name);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(b)) if (v - (a[k] ?? 0) !== 0) out[k] = v - (a[k] ?? 0);
  return out;
}

describe('GET /metrics', () => {
  const api = new ApiBot();
  beforeAll(async () => {
    await api.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('is open without METRICS_TOKEN and names every metric in the Prometheus text format', async () => {
    const res = await scrape(api);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'releasebot_actions_total',
      'releasebot_refusals_total',
      'releasebot_reminders_sent_total',
      'releasebot_reminders_late_total',
      'releasebot_reminders_missed_total',
      'releasebot_reminders_failed_total',
      'releasebot_reminder_lateness_seconds',
      'releasebot_store_write_duration_seconds',
      'releasebot_store_write_failures_total',
      'releasebot_click_ack_duration_seconds',
      'releasebot_active_releases',
      // process metrics (prom-client's defaults)
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(res.text, name).toContain(`# TYPE ${name} `);
    }
    // Reminder series and every active status exist from the start, at 0.
    expect(valueOf(res.text, 'releasebot_reminders_failed_total', { kind: 'communication', gave_up: 'true' })).toBe(0);
    expect(seriesOf(res.text, 'releasebot_active_releases')).toEqual({ 'status=planned': 0, 'status=in_progress': 0, 'status=deployed': 0, 'status=els': 0 });
  });

  it('counts a scripted release: actions by surface, kind and outcome, refusals by code, active releases by status, store writes', async () => {
    const ci = await api.token('ci');
    const before = (await scrape(api)).text;
    const operator: Origin = { actor: localActor('operator'), place: { surface: 'console', channelId: 'console' } };
    const bob: Origin = { actor: localActor('bob'), place: { surface: 'console', channelId: 'console' } };
    const { dispatcher } = api.bot.core;

    // Through the API: a Standard release (the answers are checked, then it is created), a step with evidence,
    // a step that does not exist (not_found), and a Major release left planned.
    expect((await api.call('POST', '/releases', { token: ci, body: { title: 'Docs fix', answers: { ...STANDARD, deployAt: later(2) } } })).status).toBe(201);
    expect((await api.call('POST', '/releases/R-1/steps/ci_green', { token: ci, body: { action: 'complete', evidence: { url: 'https://ci.example/runs/1' } } })).status).toBe(200);
    expect((await api.call('POST', '/releases/R-1/steps/99', { token: ci, body: { action: 'complete' } })).status).toBe(404);
    expect((await api.call('POST', '/releases', { token: ci, body: { title: 'Checkout v3', answers: { ...MAJOR, deployAt: later(72) } } })).status).toBe(201);

    // Through the dispatcher, as the console drives it: the operator completes a step of R-1, Bob may not undo it
    // (forbidden), a typed line that is no command gets help, a command without its step is a usage refusal, and a
    // third release is started and cancelled (so it is not active).
    expect((await dispatcher.dispatchText('done 1 R-1', operator)).kind).toBe('done');
    expect(await dispatcher.dispatchText('undo 1 R-1', bob)).toMatchObject({ kind: 'refused', code: 'forbidden' });
    expect((await dispatcher.dispatchText('frobnicate', bob)).kind).toBe('help');
    expect(await dispatcher.dispatchText('done', bob)).toMatchObject({ kind: 'refused', code: 'invalid' });
    expect((await api.call('POST', '/releases', { token: ci, body: { title: 'Typo', answers: { ...STANDARD, deployAt: later(3) } } })).status).toBe(201);
    expect((await api.call('POST', '/releases/R-3/cancel', { token: ci, body: { reason: 'not needed' } })).status).toBe(200);
    expect(await dispatcher.dispatch({ kind: 'cancel', releaseId: 'R-3', reason: 'again' }, operator)).toMatchObject({ kind: 'refused', code: 'closed' });

    const after = (await scrape(api)).text;
    expect(delta(before, after, 'releasebot_actions_total')).toEqual({
      'kind=answer,outcome=classification,surface=api': 3,
      'kind=create,outcome=done,surface=api': 3,
      'kind=step,outcome=done,surface=api': 1,
      'kind=step,outcome=refused,surface=api': 1,
      'kind=cancel,outcome=done,surface=api': 1,
      'kind=step,outcome=done,surface=console': 1,
      'kind=step,outcome=refused,surface=console': 1,
      'kind=unparsed,outcome=help,surface=console': 1,
      'kind=unparsed,outcome=refused,surface=console': 1,
      'kind=cancel,outcome=refused,surface=console': 1,
    });
    expect(delta(before, after, 'releasebot_refusals_total')).toEqual({
      'code=not_found,surface=api': 1,
      'code=forbidden,surface=console': 1,
      'code=invalid,surface=console': 1,
      'code=closed,surface=console': 1,
    });
    const statuses = Object.fromEntries((await api.bot.service.listActive()).map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ 'R-1': 'in_progress', 'R-2': 'planned' });
    expect(seriesOf(after, 'releasebot_active_releases')).toEqual({ 'status=planned': 1, 'status=in_progress': 1, 'status=deployed': 0, 'status=els': 0 });

    // Every create and update was timed; none failed.
    expect(valueOf(after, 'releasebot_store_write_duration_seconds_count', { op: 'create' })! - (valueOf(before, 'releasebot_store_write_duration_seconds_count', { op: 'create' }) ?? 0)).toBe(3);
    expect(valueOf(after, 'releasebot_store_write_duration_seconds_count', { op: 'update' })).toBeGreaterThanOrEqual(3);
    expect(valueOf(after, 'releasebot_store_write_duration_seconds_sum', { op: 'update' })).toBeGreaterThan(0);
    expect(sumOf(after, 'releasebot_store_write_failures_total')).toBe(0);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const api = new ApiBot();
  beforeAll(async () => {
    await api.start({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('answers 401 without the token or with another one, 200 with it; the probes stay open', async () => {
    const none = await scrape(api);
    expect(none.status).toBe(401);
    expect(none.auth).toBe('Bearer realm="metrics"');
    expect(none.text).not.toContain('releasebot_');
    expect((await scrape(api, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape(api, { authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status).toBe(401);
    expect((await scrape(api, { authorization: TOKEN })).status).toBe(401);
    const ok = await scrape(api, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# TYPE releasebot_actions_total counter');
    // A pipeline token is not the metrics token.
    expect((await scrape(api, { authorization: `Bearer ${await api.token('ci')}` })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${api.bot.port}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${api.bot.port}/healthz`)).status).toBe(200);
  });

  it('is refused at startup when too short to be a secret, naming the variable', () => {
    expect(() => readConfig({ METRICS_TOKEN: 'secret' })).toThrow(/METRICS_TOKEN/);
    expect(readConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(readConfig({}).metricsToken).toBeUndefined();
  });
});
