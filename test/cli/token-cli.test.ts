import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode, STACK_FRAME } from './run-process.js';

const token = (dataDir: string, ...args: string[]) => runNode(['--import', 'tsx', 'adapters/cli/token-main.ts', ...args], { DATA_DIR: dataDir });

describe('npm run token (as a process, on a temp DATA_DIR)', () => {
  let dataDir = '';
  let created = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rb-token-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('create prints the new token alone on the last line of stdout and stores only its hash', async () => {
    const r = await token(dataDir, 'create', 'github-ci');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    created = lines.at(-1)!;
    expect(created).toMatch(/^rbt_[A-Za-z0-9_-]{43}$/);
    const file = await readFile(path.join(dataDir, 'tokens.json'), 'utf8');
    expect(file).not.toContain(created);
    expect(file).toContain(createHash('sha256').update(created).digest('hex'));
  });

  it('create with a scope keeps it, and a bad scope is refused', async () => {
    expect((await token(dataDir, 'create', 'slack-ci', '--scope', 'slack:T0123')).code).toBe(0);
    const bad = await token(dataDir, 'create', 'other', '--scope', 'jira:X');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('is not slack:<team id> or teams:<tenant id>');
  });

  it('list shows name, created, last used, scope and revoked, never a token or a hash', async () => {
    const r = await token(dataDir, 'list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^name\s+created\s+last used\s+scope\s+revoked$/m);
    expect(r.stdout).toMatch(/^github-ci\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+-\s+-\s+-$/m);
    expect(r.stdout).toMatch(/^slack-ci\s+\S+\s+-\s+slack:T0123\s+-$/m);
    expect(r.stdout).not.toContain(created);
    expect(r.stdout).not.toContain('rbt_');
    expect(r.stdout).not.toMatch(/[0-9a-f]{64}/);
  });

  it('a name already taken exits non-zero with one line on stderr and no stack', async () => {
    const r = await token(dataDir, 'create', 'github-ci');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual(['token: A token named "github-ci" already exists; pick another name (revoked names stay taken).']);
  });

  it('revoking an unknown name exits non-zero with one line; revoking a known one shows in the list', async () => {
    const unknown = await token(dataDir, 'revoke', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('There is no token named "nobody"');
    expect(STACK_FRAME.test(unknown.stderr)).toBe(false);

    expect((await token(dataDir, 'revoke', 'github-ci')).code).toBe(0);
    const list = await token(dataDir, 'list');
    expect(list.stdout).toMatch(/^github-ci\s+\S+\s+-\s+-\s+\d{4}-\d\d-\d\dT[\d:.]+Z$/m);
    const again = await token(dataDir, 'revoke', 'github-ci');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already revoked');
  });

  it('usage mistakes and a broken tokens.json are reported without a stack', async () => {
    const usage = await token(dataDir, 'create');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Name the token');
    const unknown = await token(dataDir, 'rotate', 'x');
    expect(unknown.code).toBe(2);
    const broken = await mkdtemp(path.join(tmpdir(), 'rb-token-broken-'));
    try {
      await writeFile(path.join(broken, 'tokens.json'), '{ not json');
      const r = await token(broken, 'list');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('tokens.json');
      expect(STACK_FRAME.test(r.stderr)).toBe(false);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
