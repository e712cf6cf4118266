import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { build, removeTempDirs, tempDataDir } from './fixtures/store-test-kit.js';

afterEach(removeTempDirs);

const writer = fileURLToPath(new URL('./fixtures/burst-writer.ts', import.meta.url));
const creator = fileURLToPath(new URL('./fixtures/create-burst-writer.ts', import.meta.url));

/**
 * Runs a burst writer until it has printed `killAfter` lines that start with `counted`, then kills it with SIGKILL.
 * Resolves with every line it printed; each was printed only after the promise it reports resolved.
 */
function burstThenKill(dataDir: string, prefix: string, killAfter: number, script = writer, counted = 'ack '): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let count = 0;
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith(counted)) count += 1;
      }
      if (count >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // Lines the child wrote before it died still count: each was printed only after its promise resolved.
      for (const line of buffered.split('\n')) if (line !== '') lines.push(line);
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`burst writer exited with ${code ?? signal} before the kill:\n${stderr}`));
    });
  });
}

describe('lowdb release store: kill -9 during a burst of writes', () => {
  it('keeps every acknowledged update and parseable files, over three crashes', { timeout: 90_000 }, async () => {
    const dataDir = await tempDataDir();
    const allAcked: string[] = [];
    for (const [round, killAfter] of [40, 97, 151].entries()) {
      const acked = (await burstThenKill(dataDir, `r${round}`, killAfter)).filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));
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

  it('keeps every acknowledged create and its change, and never hands out an id twice, over three crashes mid-burst', { timeout: 90_000 }, async () => {
    const dataDir = await tempDataDir();
    const created = new Map<string, string>(); // id → dedupe key (and title), of every create that resolved
    const changed = new Set<string>(); // ids whose change resolved
    for (const [round, killAfter] of [30, 55, 80].entries()) {
      for (const line of await burstThenKill(dataDir, `c${round}`, killAfter, creator, 'created ')) {
        const [word, id, key] = line.split(' ') as [string, string, string];
        if (word === 'created') {
          expect(created.has(id), `${id} handed out twice`).toBe(false);
          created.set(id, key);
        }
        if (word === 'ack') changed.add(id);
      }

      const store = await openLowdbStore({ dataDir });
      for (const [id, key] of created) {
        const release = await store.get(id);
        expect(release?.title, `${id} lost`).toBe(key);
        if (changed.has(id)) expect(release?.audit.at(-1)?.key, `the change to ${id} lost`).toBe(key);
        // A chat platform redelivering an acknowledged create gets the same release, after a crash too.
        expect(await store.create(build(), key)).toMatchObject({ duplicate: true, release: { id } });
      }
      // Creates that were under way when the process died may have used an id; none is handed out again.
      const highest = Math.max(...(await store.listActive()).map((r) => r.seq), ...[...created.keys()].map((id) => Number(id.slice(2))));
      const key = `after-crash-${round}`;
      const fresh = (await store.create(build({ title: key }), key)).release;
      expect(fresh.seq).toBeGreaterThan(highest);
      created.set(fresh.id, key);
      await store.close();
    }
  });
});
