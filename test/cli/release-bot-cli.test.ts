import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiBot, MAJOR } from '../api/api-harness.js';
import { runNode, STACK_FRAME } from './run-process.js';

/** The Standard model's answers as a pipeline passes them: booleans as "no", choices by option value. */
const STANDARD_ARGS = ['deployAt=now', 'urgency=planned', 'kind=application', 'userFacing=no', 'impact=low', 'risk=low', 'rollback=easy'].flatMap((a) => ['--answer', a]);

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('release-bot (as a process, against a running bot)', () => {
  const api = new ApiBot();
  let env: Record<string, string> = {};
  const cli = (args: string[], extra: Record<string, string> = {}) => runNode(['bin/release-bot.mjs', ...args], { ...env, ...extra });

  beforeAll(async () => {
    await api.start();
    env = { RELEASE_BOT_URL: `http://127.0.0.1:${api.bot.port}`, RELEASE_BOT_TOKEN: await api.token('github-ci') };
  });
  afterAll(async () => {
    await api.stop();
  });

  it('start → step complete with evidence → gates → deploy succeeded', async () => {
    const start = await cli(['start', '--title', 'Nightly build 512', ...STANDARD_ARGS, '--external-id', 'run-512']);
    expect(start.stderr).toContain('Standard change');
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/^R-\d+\n$/);
    const id = start.stdout.trim();
    const created = await api.bot.service.get(id);
    expect(created.title).toBe('Nightly build 512');
    expect(created.model.id).toBe('standard');
    expect(created.answers['userFacing']).toBe(false);
    expect(created.releaseManager.name).toBe('pipeline github-ci');

    const step = await cli(['step', id, 'ci_green', 'complete', '--evidence-url', 'https://ci.example/runs/512', '--commit', '0a1b2c3', '--note', 'all green']);
    expect(step.stderr).toBe('');
    expect(step.code).toBe(0);
    expect(step.stdout).toContain(`${id}: step 2 ci_green is done (by pipeline github-ci)`);

    const gates = await cli(['gates', id]);
    expect(gates.code).toBe(0);
    expect(gates.stdout).toBe(`${id}: ready to deploy.\n`);

    const deploy = await cli(['deploy', id, 'succeeded', '--environment', 'production', '--commit', '0a1b2c3', '--url', 'https://ci.example/runs/512']);
    expect(deploy.stderr).toBe('');
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain(`${id}: deployment succeeded recorded`);

    const after = await api.call('GET', `/releases/${id}`, { token: env['RELEASE_BOT_TOKEN'] });
    const steps = after.json['steps'] as Array<{ id: string; state: string; by?: { kind: string; name: string }; evidence?: Record<string, string> }>;
    expect(steps.find((s) => s.id === 'ci_green')).toMatchObject({ state: 'done', by: { kind: 'pipeline', name: 'pipeline github-ci' }, evidence: { url: 'https://ci.example/runs/512', commit: '0a1b2c3', note: 'all green' } });
    expect(steps.find((s) => s.id === 'deploy')?.state).toBe('done');
    expect(after.json['deployedAt']).toEqual(expect.any(String));
    const stored = await api.bot.service.get(id);
    expect(stored.status).toBe('els');
    expect(stored.deployments).toEqual([expect.objectContaining({ status: 'succeeded', environment: 'production', commit: '0a1b2c3' })]);

    const status = await cli(['status', id]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${id} “Nightly build 512”: els`);
    expect(status.stdout).toMatch(/ci_green by pipeline github-ci \(https:\/\/ci\.example\/runs\/512, commit 0a1b2c3\)/);

    // The same external id answers the same release: a re-run pipeline does not start a second one.
    const rerun = await cli(['start', '--title', 'Nightly build 512', ...STANDARD_ARGS, '--external-id', 'run-512']);
    expect(rerun.stdout.trim()).toBe(id);

    const close = await cli(['close', id, 'success', '--els-incidents', '0', '--els-exit', 'met']);
    expect(close.stderr).toBe('');
    expect(close.code).toBe(0);
    const closed = await api.bot.service.get(id);
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toMatchObject({ result: 'success', els: { incidents: 0, exitCriteriaMet: true } });
  });

  it('a repeated Idempotency-Key answers the first release and creates nothing', async () => {
    const before = (await api.bot.service.listActive()).length;
    const args = ['start', '--title', 'Retried start', ...STANDARD_ARGS, '--idempotency-key', 'job-77-start'];
    const first = await cli(args);
    const second = await cli(args);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect((await api.bot.service.listActive()).length).toBe(before + 1);
  });

  it('gates --wait 2s on a release with missing gates exits 3 and prints them', async () => {
    const start = await api.call('POST', '/releases', { token: env['RELEASE_BOT_TOKEN'], body: { title: 'Checkout rewrite', answers: { ...MAJOR, deployAt: 'in 2h' } } });
    const id = start.json['id'] as string;
    const r = await cli(['gates', id, '--wait', '2s', '--interval', '1s']);
    expect(r.code).toBe(3);
    expect(r.ms).toBeGreaterThanOrEqual(2000);
    expect(r.stdout).toContain(`${id}: not ready to deploy`);
    expect(r.stdout).toMatch(/^approval\tapproval\tChange approval$/m);
    expect(r.stdout).toMatch(/^go_no_go\tgo\tGo\/no-go decision$/m);
    expect(r.stdout).toMatch(/^step\tci_green\t/m);
    expect(r.stderr).toContain('gave up waiting after 2s');

    // Deploying it is refused for the same gates, with the gates-not-ready code.
    const deploy = await cli(['deploy', id, 'succeeded']);
    expect(deploy.code).toBe(3);
    expect(deploy.stderr).toContain('Conflict (409)');
    expect(deploy.stderr).toMatch(/^ {2}approval\tapproval\tChange approval$/m);

    const cancel = await cli(['cancel', id, '--reason', 'split into smaller changes']);
    expect(cancel.code).toBe(0);
    expect((await api.bot.service.get(id)).status).toBe('cancelled');
  });

  it('a bad token exits 5 with the problem\'s title and detail, without a stack', async () => {
    const r = await cli(['status', 'R-1'], { RELEASE_BOT_TOKEN: 'rbt_not-a-real-token' });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('release-bot: Unauthorized (401): The token is unknown or revoked.\n');
  });

  it('a refusal exits 1 with the field errors; usage mistakes exit 2 and send nothing', async () => {
    const bad = await cli(['start', '--title', 'Bad answers', '--answer', 'deployAt=now', '--answer', 'impact=huge']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid request (400)');
    expect(bad.stderr).toContain('  answers.impact: must be one of "low", "medium", "high"');
    expect(STACK_FRAME.test(bad.stderr)).toBe(false);

    const missing = await cli(['status', 'R-999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Not found (404)');

    const usage = await cli(['deploy', 'R-1', 'exploded']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('"exploded" is not a deployment status');
    const noEnv = await runNode(['bin/release-bot.mjs', 'status', 'R-1'], {});
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toContain('RELEASE_BOT_URL is not set');
    expect(noEnv.stderr).toContain('RELEASE_BOT_TOKEN is not set');
  });

  it('an unreachable bot exits 4 after its retries, without a stack', async () => {
    const r = await cli(['status', 'R-1'], { RELEASE_BOT_URL: `http://127.0.0.1:${await closedPort()}`, RELEASE_BOT_RETRIES: '1' });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/retrying in [\d.]+s \(retry 1 of 1\)/);
    expect(r.stderr).toContain('Could not reach the bot');
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(STACK_FRAME.test(r.stderr)).toBe(false);
  });
});
