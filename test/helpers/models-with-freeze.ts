import { cp, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const DAY = 86_400_000;

/**
 * A temporary MODELS_DIR: the default models, and one freeze window in force from an hour ago for two days (bots under
 * test run on the real clock), exempting emergency changes. The caller removes `dir`.
 */
export async function modelsWithFreeze(name = 'Launch week'): Promise<{ dir: string; start: Date; end: Date }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'freeze-models-'));
  for (const f of (await readdir('models')).filter((n) => n.endsWith('.yaml'))) await cp(path.join('models', f), path.join(dir, f));
  const now = Date.now();
  const end = new Date(Math.ceil((now + 2 * DAY) / 60_000) * 60_000);
  const start = new Date(now - 3_600_000);
  await writeFile(
    path.join(dir, 'freeze-windows.yaml'),
    `windows:\n  - id: launch\n    name: ${JSON.stringify(name)}\n    start: ${start.toISOString()}\n    end: ${end.toISOString()}\n    exempt: [emergency]\n`,
  );
  return { dir, start, end };
}
