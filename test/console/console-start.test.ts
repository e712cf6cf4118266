import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './console-process.js';

let dir = '';
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `npm start` as run from a directory: its .env is read when there is one, and its absence goes unmentioned. */
async function startIn(cwd: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  // tsx resolved from the repository, since the working directory is elsewhere.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'adapters/main.ts')], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', DATA_DIR: path.join(cwd, 'data'), MODELS_DIR: path.join(ROOT, 'models'), TZ: 'UTC', DIGEST_AT: 'off', NODE_ENV: 'test', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdin.end('list\n');
  await new Promise((resolve) => child.once('exit', resolve));
  return { stdout, stderr };
}

describe('a clean start', () => {
  it('says nothing about a missing .env, reads one that is there, and prints the API line when the API runs', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rb-start-'));
    const bare = await startIn(dir, {});
    expect(bare.stdout).toMatch(/Release Bot console — you are \S+\./);
    expect(bare.stderr).not.toMatch(/\.env/);
    await writeFile(path.join(dir, '.env'), 'CONSOLE_USER=from-dotenv\nAPI_ENABLED=true\nPORT=0\n');
    const withEnv = await startIn(dir, {});
    expect(withEnv.stdout).toContain('Release Bot console — you are from-dotenv.');
    expect(withEnv.stdout).toMatch(/Pipeline API: http:\/\/localhost:\d+\/api\/v1 \(OpenAPI at http:\/\/localhost:\d+\/api\/v1\/openapi\.json\)/);
  });
});
