import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../adapters/start-bot.js';
import { startTeams } from '../../adapters/teams/start-teams.js';
import { readConfig, silentLogger, type Core } from '../../src/index.js';
import { TeamsBotUnderTest, users, BOT, CHANNEL, TENANT } from './teams-harness.js';

const baseEnv = (dataDir: string) => ({ PORT: '0', DATA_DIR: dataDir, MODELS_DIR: path.resolve('models'), TZ: 'UTC', LOG_LEVEL: 'error' });

describe('Teams authentication', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('refuses anonymous mode under NODE_ENV=production: no config, no endpoint', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'rb-teams-auth-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { ...baseEnv(dataDir), NODE_ENV: 'production', TEAMS_ALLOW_ANONYMOUS: 'true' };
    expect(() => readConfig(env)).toThrow(/TEAMS_ALLOW_ANONYMOUS/);
    await expect(startBot(env)).rejects.toThrow(/anonymous Teams is refused/);
  });

  it('startTeams itself refuses an anonymous config under production, whatever built it', async () => {
    const config = readConfig({ ...baseEnv('/tmp/unused'), NODE_ENV: 'test', TEAMS_ALLOW_ANONYMOUS: 'true' });
    const forged = { ...config, nodeEnv: 'production' };
    const express = (await import('express')).default;
    // startTeams reads only the config before refusing: the rest of the core is never touched.
    const core = { config: forged, logger: silentLogger } as unknown as Core;
    await expect(startTeams({ core, http: express() })).rejects.toThrow(/production/);
  });

  it('without credentials and without TEAMS_ALLOW_ANONYMOUS, Teams does not start', () => {
    expect(readConfig({ ...baseEnv('/tmp/unused'), NODE_ENV: 'development' }).teams).toBeUndefined();
  });

  it('with an app id set, a request without a bearer token or with a bad one gets 401 and reaches nothing', async () => {
    const t = new TeamsBotUnderTest();
    await t.start({ TEAMS_ALLOW_ANONYMOUS: 'false', MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' });
    cleanup.push(() => t.stop());
    const activity = t.channelPost(users.alice, 'release');
    const none = await t.post(activity);
    expect(none.status).toBe(401);
    const bad = await t.post(activity, { authorization: 'Bearer not-a-jwt' });
    expect(bad.status).toBe(401);
    const wrongScheme = await t.post(activity, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(wrongScheme.status).toBe(401);
    expect(t.connector.calls).toHaveLength(0);
    const health = await fetch(`http://127.0.0.1:${t.bot.port}/healthz`);
    expect(health.status).toBe(200);
  });

  it('no app password or bearer token reaches a log line, when requests are refused or calls to Teams fail', async () => {
    const password = 'Q~app-password-that-must-never-be-logged';
    const token = 'eyJhbGciOiJub25lIn0.token-that-must-never-be-logged.sig';
    const t = new TeamsBotUnderTest();
    await t.start({ TEAMS_ALLOW_ANONYMOUS: 'false', MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000002', MICROSOFT_APP_PASSWORD: password, MICROSOFT_APP_TENANT_ID: TENANT });
    cleanup.push(() => t.stop());
    expect((await t.post(t.channelPost(users.alice, 'release'), { authorization: `Bearer ${token}` })).status).toBe(401);
    // A release started elsewhere (the core directly) makes the bot post its cards: getting a token fails here (no network).
    const ref = { serviceUrl: t.connector.url, channelId: 'msteams', conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', tenantId: TENANT }, bot: BOT, tenantId: TENANT };
    const answers = { title: 'Secret check', deployAt: '2030-01-02 10:00', urgency: 'planned', kind: 'application', userFacing: 'yes', impact: 'medium', risk: 'medium', rollback: 'easy' };
    const origin = { actor: { id: 'teams:aad-alice', name: 'Alice' }, place: { surface: 'teams' as const, workspaceId: TENANT, channelId: CHANNEL, threadId: '1', ref } };
    expect((await t.bot.core.dispatcher.dispatch({ kind: 'create', answers }, origin)).kind).toBe('done');
    await t.settled();
    expect(t.logs.some((l) => /could not catch up/.test(l) && /network_error/.test(l))).toBe(true);
    expect(t.connector.calls).toHaveLength(0);
    for (const line of t.logs) {
      expect(line).not.toContain(password);
      expect(line).not.toContain(token);
      expect(line).not.toMatch(/Bearer\s+\S{8}/);
    }
  });

  it('logs a loud warning in anonymous mode', async () => {
    const lines: string[] = [];
    const dataDir = await mkdtemp(path.join(tmpdir(), 'rb-teams-anon-'));
    const { createLogger } = await import('../../src/logging/logger.js');
    const bot: RunningBot = await startBot({ ...baseEnv(dataDir), NODE_ENV: 'test', TEAMS_ALLOW_ANONYMOUS: 'true' }, { logger: createLogger('warn', (l) => lines.push(l)) });
    cleanup.push(async () => {
      await bot.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    expect(lines.some((l) => /ANONYMOUS/.test(l) && /"level":"warn"/.test(l))).toBe(true);
  });
});
