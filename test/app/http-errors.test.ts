import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../adapters/start-bot.js';
import { createLogger } from '../../src/logging/logger.js';

let bot: RunningBot | undefined;
let dir: string | undefined;
afterEach(async () => {
  await bot?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  bot = undefined;
});

describe('the HTTP server answers bad requests briefly, in JSON', () => {
  it('gives a short JSON 400 for a body that is not JSON, with one single-line log entry and no stack or path', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rb-http-'));
    const logs: string[] = [];
    bot = await startBot(
      { DATA_DIR: dir, PORT: '0', TEAMS_ALLOW_ANONYMOUS: 'true', NODE_ENV: 'test', LOG_LEVEL: 'info' },
      { logger: createLogger('info', (l) => logs.push(l)) },
    );
    const res = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message",' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: 'The body is not valid JSON.' });
    expect(body).not.toMatch(/node_modules|\/work\/|at /);
    const line = logs.find((l) => l.includes('rejected a bad request'));
    expect(line).toBeDefined();
    expect(line).not.toMatch(/\\n\s+at /);

    const missing = await fetch(`http://127.0.0.1:${bot.port}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Not found' });
  });
});
