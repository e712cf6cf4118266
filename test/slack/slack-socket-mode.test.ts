import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../adapters/start-bot.js';
import { createLogger } from '../../src/logging/logger.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { SECRET } from './slack-harness.js';

describe('Slack over Socket Mode (SLACK_APP_TOKEN)', () => {
  let fake: FakeSlackApi;
  let bot: RunningBot;
  let dataDir: string;

  beforeAll(async () => {
    fake = await new FakeSlackApi().start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'slack-socket-'));
    bot = await startBot(
      {
        NODE_ENV: 'test', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_APP_TOKEN: 'xapp-test',
        SLACK_API_URL: fake.url, PORT: '0', DATA_DIR: dataDir, MODELS_DIR: path.resolve(import.meta.dirname, '../../models'), TZ: 'UTC',
      },
      { logger: createLogger('error', () => undefined) },
    );
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('connects out, needs no public Slack endpoint (PORT serves only the API and probes), and acknowledges and answers a command envelope', async () => {
    await fake.waitFor(() => fake.socketOpen, 'the WebSocket connection');
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    expect(bot.port).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${bot.port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${bot.port}/api/v1/releases/R-1`)).status).toBe(401);
    const responseUrl = fake.responseUrl('socket');
    fake.socketSend({
      envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true,
      payload: { command: '/release', text: 'help', user_id: 'UALICE', user_name: 'alice', channel_id: 'C1', team_id: 'T0TEST', trigger_id: 't.1', response_url: responseUrl, api_app_id: 'A0TEST' },
    });
    await fake.waitFor(() => fake.socketMessages.find((m) => m.envelope_id === 'env-1'), 'the ack over the socket');
    const reply = await fake.waitFor(() => fake.responses.find((r) => r.path.startsWith('/respond/socket')), 'the help reply');
    expect(JSON.stringify(reply.body)).toContain('/release new Checkout v2');
  });

  it('opens the question modal for /release sent over the socket', async () => {
    fake.socketSend({
      envelope_id: 'env-2', type: 'slash_commands', accepts_response_payload: true,
      payload: { command: '/release', text: '', user_id: 'UALICE', user_name: 'alice', channel_id: 'C1', team_id: 'T0TEST', trigger_id: 't.2', response_url: fake.responseUrl(), api_app_id: 'A0TEST' },
    });
    const open = await fake.waitFor(() => fake.callsTo('views.open')[0], 'views.open');
    expect(open.body.trigger_id).toBe('t.2');
  });
});
