import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiBot, STANDARD } from '../api/api-harness.js';
import { readConfig, silentLogger, startCore, systemClock, type Core, type ReleaseStore } from '../../src/index.js';
import { mountOps } from '../../adapters/ops/mount-ops.js';
import { createPrometheusTelemetry } from '../../adapters/ops/prometheus-telemetry.js';

async function probe(port: number, route = '/readyz'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('GET /readyz on a running bot', () => {
  const api = new ApiBot();
  beforeAll(async () => {
    await api.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('is 200 once started, and 503 as soon as stop begins while /healthz (liveness) stays 200', async () => {
    const port = api.bot.port;
    expect(await probe(port)).toEqual({ status: 200, json: { ready: true } });
    expect(await probe(port, '/healthz')).toEqual({ status: 200, json: { ok: true } });

    // A surface still catching up with a change holds the stop at its first step, with the server still listening.
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let heard = false;
    api.bot.core.notifier.subscribe(async () => {
      heard = true;
      await held;
    });
    const ci = await api.token('ci');
    expect((await api.call('POST', '/releases', { token: ci, body: { title: 'Docs fix', answers: { ...STANDARD, deployAt: 'in 2h' } } })).status).toBe(201);
    expect(heard).toBe(true);

    const stopping = api.bot.stop();
    expect(await probe(port)).toEqual({ status: 503, json: { ready: false, reason: 'shutting down' } });
    expect((await probe(port, '/healthz')).status).toBe(200);
    letGo();
    await stopping;
    await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
  });
});

/*
 * The core's own readiness behind the real route, on a server of the test's own: the core is up but its scheduler is
 * not started yet (a start still in progress), then runs, then its store or its scheduler stops answering.
 */
describe('GET /readyz while starting, and when the store or the scheduler stops answering', () => {
  let dataDir: string;
  let core: Core & { store: ReleaseStore };
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rb-readyz-'));
    const config = readConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MODELS_DIR: path.resolve('models'), TZ: 'UTC', REMINDER_TICK_SECONDS: '0.1', DIGEST_AT: 'off' });
    const metrics = createPrometheusTelemetry(silentLogger);
    core = await startCore(config, { logger: silentLogger, clock: systemClock, telemetry: metrics.telemetry });
    const app = express();
    mountOps(app, { readiness: () => core.readiness(), metrics, logger: silentLogger });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await core?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is 503 before the scheduler starts, 200 once it ticks, 503 with the reason when the store or the scheduler fails, and 503 once closing', async () => {
    expect(await probe(port)).toEqual({ status: 503, json: { ready: false, reason: 'starting: the reminder scheduler has not started yet' } });

    const { reminders } = core.startScheduler(() => undefined);
    expect(await probe(port)).toEqual({ status: 200, json: { ready: true } });
    const deadline = Date.now() + 5000;
    while (!reminders.lastTick() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(reminders.lastTick()).toBeInstanceOf(Date);
    expect(Date.now() - reminders.lastTick()!.getTime()).toBeLessThan(5000);

    // The store does not answer.
    const get = core.store.get;
    core.store.get = () => Promise.reject(new Error('the disk went away'));
    expect(await probe(port)).toEqual({ status: 503, json: { ready: false, reason: 'the release store does not answer: the disk went away' } });
    // A store that hangs until it is let go.
    let unstick!: () => void;
    const stuck = new Promise<void>((resolve) => (unstick = resolve));
    core.store.get = async () => {
      await stuck;
      return undefined;
    };
    expect(await probe(port)).toEqual({ status: 503, json: { ready: false, reason: 'the release store does not answer: no answer within 2000 ms' } });
    core.store.get = get;
    unstick();
    expect((await probe(port)).status).toBe(200);

    // The scheduler stopped ticking a minute ago (at 0.1 s ticks, 30 s is the limit).
    const lastTick = reminders.lastTick;
    reminders.lastTick = () => new Date(Date.now() - 60_000);
    expect(await probe(port)).toEqual({ status: 503, json: { ready: false, reason: 'the reminder scheduler has not completed a tick for 60 s' } });
    reminders.lastTick = lastTick;
    expect((await probe(port)).status).toBe(200);

    const closing = core.close();
    expect(await probe(port)).toEqual({ status: 503, json: { ready: false, reason: 'shutting down' } });
    await closing;
  });
});
