/**
 * Runs every test/bench/*-bench.ts in name order; each default-exports an async function that prints its figures.
 * Words after `npm run bench --` pick benches by name: `npm run bench -- slack` runs slack-bench.ts only.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const names = (await readdir(dir)).filter((n) => n.endsWith('-bench.ts') && (wanted.length === 0 || wanted.some((w) => n.includes(w)))).sort();
let failed = 0;
for (const name of names) {
  const mod = (await import(pathToFileURL(path.join(dir, name)).href)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    console.error(`${name}: no default-exported bench function`);
    failed += 1;
    continue;
  }
  console.log(`\n== ${name}`);
  const start = performance.now();
  try {
    await (mod.default as () => Promise<void>)();
    console.log(`(${name} took ${((performance.now() - start) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(`${name} failed:`, error);
    failed += 1;
  }
}
process.exitCode = failed > 0 ? 1 : 0;
