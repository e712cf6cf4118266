import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

const writer = fileURLToPath(new URL('./fixtures/burst-writer.ts', import.meta.url));

/** Runs the burst writer until it has acknowledged `killAfter` updates, then kills it with SIGKILL. */
function burstThenKill(dataDir: string, prefix: string, killAfter: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (acked.length >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // Lines the child wrote before it died still count: each was printed only after its update resolved.
      for (const line of buffered.split('\n')) if (line.startsWith('ack ') && line.length > 4) acked.push(line.slice(4));
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`burst writer exited with ${code ?? signal} before the kill:\n${stderr}`));
    });
  });
}

describe('lowdb release store: kill -9 during a burst of writes', () => {
  it('keeps every acknowledged update and parseable files, over three crashes', { timeout: 90_000 }, async () => {
    const dataDir = await tempDataDir();
    const allAcked: string[] = [];
    for (const [round, killAfter] of [40, 97, 151].entries()) {
      const acked = await burstThenKill(dataDir, `r${round}`, killAfter);
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      allAcked.push(...acked);

      JSON.parse(await readFile(path.join(dataDir, 'releases-index.json'), 'utf8'));
      JSON.parse(await readFile(path.join(dataDir, 'releases', 'R-1.json'), 'utf8'));
      const store = await openLowdbStore({ dataDir });
      const release = await store.get('R-1');
      const stored = new Set(release?.audit.map((a) => a.key));
      expect(allAcked.filter((key) => !stored.has(key))).toEqual([]);
      expect((await store.listActive()).map((r) => r.id)).toEqual(['R-1']);
      await store.close();
    }
  });
});
