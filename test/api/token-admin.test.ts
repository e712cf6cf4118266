import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken, listTokens, revokeToken } from '../../src/index.js';

let dir = '';
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('token administration on disk', () => {
  it('loses no token when several are created and revoked at the same moment, and leaves no lock behind', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tokens-'));
    const names = Array.from({ length: 12 }, (_, i) => `ci-${i}`);
    await Promise.all(names.map((n) => createToken(dir, n, { now: new Date() })));
    await Promise.all(names.slice(0, 4).map((n) => revokeToken(dir, n, new Date())));
    const listed = await listTokens(dir);
    expect(listed.map((t) => t.name).sort()).toEqual([...names].sort());
    expect(listed.filter((t) => t.revokedAt).map((t) => t.name).sort()).toEqual(names.slice(0, 4).sort());
    expect((await readdir(dir)).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });
});
