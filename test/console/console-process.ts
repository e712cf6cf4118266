import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseSchema, type Release } from '../../src/domain/release-schema.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Variables the bot reads that must not leak in from the developer's shell (credentials would start Slack or Teams). */
const INHERITED = ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR'];

export interface ConsoleProcess {
  dataDir: string;
  /** Everything printed on stdout so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Output after the last waitFor match: what the next waitFor searches. */
  readonly unread: string;
  send(...lines: string[]): void;
  /** Writes text as typed, without a line end. */
  type(text: string): void;
  end(): void;
  /** Waits until `pattern` appears after the previous match; fails with the unread output after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): Promise<void>;
}

/** util-linux `script` runs a command on a pseudo-terminal: the only way to see what a person at a terminal sees. */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Starts the real bot as `npm start` does, console only, on a fresh data directory. With `tty`, it runs on a
 * pseudo-terminal (through `script`), so readline is in terminal mode: prompts, echo, Ctrl-C as a key.
 */
/** `dataDir`: start on an earlier process's data (a restart); it is then left for the caller to remove. */
export async function startConsoleProcess(opts: { user?: string; env?: Record<string, string>; tty?: boolean; dataDir?: string } = {}): Promise<ConsoleProcess> {
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'release-bot-console-')));
  const env: Record<string, string> = { DATA_DIR: dataDir, TZ: 'UTC', REMINDER_TICK_SECONDS: '0.2', DIGEST_AT: 'off', LOG_LEVEL: 'info', NODE_ENV: 'test' };
  for (const key of INHERITED) if (process.env[key]) env[key] = process.env[key]!;
  const args = ['--import', 'tsx', 'adapters/main.ts', ...(opts.user ? ['--as', opts.user] : [])];
  const child: ChildProcessWithoutNullStreams = opts.tty
    ? spawn('script', ['-qfec', [process.execPath, ...args].map(shellQuote).join(' '), '/dev/null'], { cwd: ROOT, env: { ...env, ...opts.env } })
    : spawn(process.execPath, args, { cwd: ROOT, env: { ...env, ...opts.env } });
  let stdout = '';
  let stderr = '';
  let cursor = 0;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), wake()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), wake()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      wake();
    }),
  );
  let done = false;
  void exited.then(() => (done = true));

  return {
    dataDir,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    get unread() {
      return stdout.slice(cursor);
    },
    send: (...lines) => void child.stdin.write(lines.map((l) => `${l}${opts.tty ? '\r' : '\n'}`).join('')),
    type: (text) => void child.stdin.write(text),
    end: () => void child.stdin.end(),
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const re = new RegExp(pattern.source, pattern.flags.replace('g', ''));
          const m = re.exec(stdout.slice(cursor));
          if (m) {
            cursor += m.index + m[0].length;
            finish();
            resolve(m);
          } else if (done) {
            finish();
            reject(new Error(`process exited before ${pattern} appeared.\nUnread stdout:\n${stdout.slice(cursor)}\nstderr:\n${stderr.slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms.\nUnread stdout:\n${stdout.slice(cursor)}\nstderr:\n${stderr.slice(-3000)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    exited,
    async kill() {
      if (!done) child.kill('SIGKILL');
      await exited;
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A release as the bot stored it: from its active file, or from the archive once it is closed or cancelled. */
export async function readStoredRelease(dataDir: string, id: string): Promise<{ release: Release; where: 'hot' | 'archive' } | undefined> {
  const active = await readFile(path.join(dataDir, 'releases', `${id}.json`), 'utf8').catch(() => undefined);
  if (active !== undefined) return { release: releaseSchema.parse(JSON.parse(active)), where: 'hot' };
  const archive = await readFile(path.join(dataDir, 'archive.jsonl'), 'utf8').catch(() => '');
  for (const line of archive.split('\n').filter(Boolean)) {
    const release = releaseSchema.parse(JSON.parse(line));
    if (release.id === id) return { release, where: 'archive' };
  }
  return undefined;
}
