import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../adapters/start-bot.js';
import { createLogger } from '../../src/logging/logger.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { SECRET } from './slack-harness.js';

describe('starting the Slack surface', () => {
  let fake: FakeSlackApi;
  let dataDir: string;
  beforeAll(async () => {
    fake = await new FakeSlackApi().start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'slack-start-'));
  });
  afterAll(async () => {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start with a token Slack rejects, naming the variable to fix', async () => {
    fake.failNext('auth.test', { error: 'invalid_auth' });
    const start = startBot(
      { NODE_ENV: 'test', SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, PORT: '0', DATA_DIR: dataDir, MODELS_DIR: path.resolve(import.meta.dirname, '../../models'), TZ: 'UTC' },
      { logger: createLogger('error', () => undefined) },
    );
    await expect(start).rejects.toThrow(/auth\.test: invalid_auth.*SLACK_BOT_TOKEN/);
  });
});
