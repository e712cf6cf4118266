import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

  const logs: string[] = [];
  const start = (apiUrl: string) =>
    startBot(
      { NODE_ENV: 'test', SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, PORT: '0', DATA_DIR: dataDir, MODELS_DIR: path.resolve(import.meta.dirname, '../../models'), TZ: 'UTC', LOG_LEVEL: 'debug' },
      { logger: createLogger('debug', (line) => logs.push(line)) },
    );

  it('refuses to start with a token Slack rejects, naming the variable to fix', async () => {
    fake.failNext('auth.test', { error: 'invalid_auth' });
    await expect(start(fake.url)).rejects.toThrow(/^Slack refused the bot token \(auth\.test: invalid_auth\).*SLACK_BOT_TOKEN/);
  });

  it('stops with a message naming the API URL when nothing answers there, not blaming the token', async () => {
    const error = (await start('http://127.0.0.1:1/api/').then(() => undefined, (e: unknown) => e)) as Error;
    expect([error.name, error.message]).toEqual(['ConfigError', expect.stringMatching(/^Cannot reach the Slack Web API at http:\/\/127\.0\.0\.1:1\/api\/ \(auth\.test: [^)]+\)\. Check SLACK_API_URL/)]);
    expect(error.message).not.toMatch(/refused the bot token/);
    // A server that answers, but not as Slack does (a 404 page), is named the same way.
    const other = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/api/`;
    await expect(start(url)).rejects.toThrow(`Cannot reach the Slack Web API at ${url} (auth.test: it does not answer as the Slack Web API)`);
    other.close();
  });

  it('put neither the token nor the signing secret in any message or log line, even at debug level', async () => {
    const errors = await Promise.all([start('http://127.0.0.1:1/api/').catch((e: Error) => `${e.message}\n${e.stack}`), (fake.failNext('auth.test', { error: 'invalid_auth' }), start(fake.url).catch((e: Error) => e.message))]);
    expect(logs.length).toBeGreaterThan(0);
    for (const text of [...errors, ...logs]) {
      expect(text).not.toContain('xoxb-wrong');
      expect(text).not.toContain(SECRET);
    }
  });
});
