import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { handBuiltReleases } from './report-fixtures.js';
import { gatedReleases } from './gate-fixtures.js';
import { seedStore } from './seed-store.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** Runs `npm run report`'s command line as a real process against a real data directory. */
/** Every file under `dir` with its content and modification time: what a reader must leave as it was. */
async function filesUnder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = `${(await stat(file)).mtimeMs} ${await readFile(file, 'utf8')}`;
  }
  return out;
}

export async function runReportCli(dataDir: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'adapters/report/report-cli.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, TZ: 'UTC', FAILURE_COST: '1000', FAILURE_COST_BY_MODEL: 'minor=5000' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** A CSV parser for the test only, the inverse of RFC 4180 quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('npm run report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'report-cli-'));
    const releases = handBuiltReleases();
    releases[1] = { ...releases[1]!, title: 'Fix "billing", again <script>alert(1)</script>\nsecond line' };
    await seedStore(path.join(dir, 'data'), releases);
  });

  it('writes the HTML report and both CSV files from the hot store and the archive', async () => {
    const out = await runReportCli(path.join(dir, 'data'), ['--days', 'all', '--out', path.join(dir, 'out/report.html'), '--csv', path.join(dir, 'csv')]);
    expect(out.stderr).not.toMatch(/failed/);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('6 started, 5 deployed, 1 cancelled so far');
    const html = await readFile(path.join(dir, 'out/report.html'), 'utf8');
    expect(html).toContain('Fix &quot;billing&quot;, again &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const releases = parseCsv(await readFile(path.join(dir, 'csv/releases.csv'), 'utf8'));
    expect(releases).toHaveLength(7);
    expect(releases[0]?.slice(0, 3)).toEqual(['id', 'title', 'model_id']);
    expect(releases.find((r) => r[0] === 'R-2')?.[1]).toBe('Fix "billing", again <script>alert(1)</script>\nsecond line');
    expect(releases.find((r) => r[0] === 'R-2')?.slice(9, 11)).toEqual(['failed', 'true']);
    // The ELS result: recorded for, blank for R-6 (closed without one) and R-4 (not closed).
    const els = releases[0]!.indexOf('els_incidents');
    expect(releases[0]?.slice(els, els + 2)).toEqual(['els_incidents', 'els_exit_met']);
    expect(['R-1', 'R-2', 'R-4', 'R-6'].map((id) => releases.find((r) => r[0] === id)?.slice(els, els + 2))).toEqual([['0', 'true'], ['2', 'false'], ['', ''], ['', '']]);
    const events = parseCsv(await readFile(path.join(dir, 'csv/step-events.csv'), 'utf8'));
    const r3Rehearsal = events.filter((r) => r[0] === 'R-3' && r[2] === 'rehearsal');
    expect(r3Rehearsal.map((r) => [r[4], r[5]])).toEqual([['complete', '2026-03-06T10:00:00Z']]);
  });

  it('writes the gate and freeze columns and the overrides, knowing freezes only from recorded overrides', async () => {
    const dataDir = path.join(dir, 'gated');
    await seedStore(dataDir, gatedReleases());
    const out = await runReportCli(dataDir, ['--days', 'all', '--out', path.join(dir, 'gated.html'), '--csv', path.join(dir, 'gated-csv')]);
    expect(out.code, out.stderr).toBe(0);
    const releases = parseCsv(await readFile(path.join(dir, 'gated-csv/releases.csv'), 'utf8'));
    const first = releases[0]!.indexOf('deploy_override');
    expect(releases[0]?.slice(first)).toEqual(['deploy_override', 'gates_rejected', 'freeze_override', 'freeze_at_deploy', 'start_to_approval_hours']);
    // No freeze windows here: R-4 is inside by its override; cannot be told.
    expect(Object.fromEntries(releases.slice(1).map((r) => [r[0], r.slice(first).join(' ')]))).toEqual({
      'R-1': 'false false false  6',
      'R-2': 'false true false  24',
      'R-3': 'true false false  ',
      'R-4': 'true true true inside ',
      'R-5': 'false true false  ',
      'R-6': 'false false false  ',
      'R-7': 'false false false  ',
      'R-8': 'false false false  48',
      'R-9': 'false false true  ',
    });
    const html = await readFile(path.join(dir, 'gated.html'), 'utf8');
    expect(html).toContain('<section id="gates"><h2>Gates, overrides and freezes</h2>');
    expect(html).toContain('“next to a freeze” cannot be told');
    expect(html).toContain('<td>regulator &lt;b&gt;deadline&lt;/b&gt; &amp; &quot;now&quot;</td>');
  });

  it('runs beside a live bot that holds the store lock, and leaves its files alone', async () => {
    const dataDir = path.join(dir, 'data');
    const live = await openLowdbStore({ dataDir });
    try {
      const before = await filesUnder(dataDir);
      expect(Object.keys(before).some((name) => name.startsWith(`releases${path.sep}R-`))).toBe(true);
      const out = await runReportCli(dataDir, ['--out', path.join(dir, 'beside-live.html')]);
      expect(out.code, out.stderr).toBe(0);
      expect(await filesUnder(dataDir)).toEqual(before);
    } finally {
      await live.close();
    }
  });

  it('works on an empty data directory', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    const out = await runReportCli(empty, ['--out', path.join(dir, 'empty.html')]);
    expect(out.code).toBe(0);
    expect(await readFile(path.join(dir, 'empty.html'), 'utf8')).toContain('No releases in the last 90 days.');
  });

  it('refuses bad arguments and a missing data directory with a plain message', async () => {
    const bad = await runReportCli(path.join(dir, 'data'), ['--days', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--days: must be a whole number of days from 1 to 36500, or "all" (got "soon")');
    const missing = await runReportCli(path.join(dir, 'nowhere'), []);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`The data directory ${path.join(dir, 'nowhere')} does not exist`);
  });
});
