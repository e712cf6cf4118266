import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `node <args>` from the repo root, asynchronously: a bot running in this test process must keep answering while
 * the CLI waits for it. The environment is the given one over PATH alone, so a developer's RELEASE_BOT_* or DATA_DIR
 * cannot leak in.
 */
export function runNode(args: readonly string[], env: Record<string, string>, timeoutMs = 20_000): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Node's or tsx's stack frames ("    at fn (file:1:2)"): a CLI failure must never print one. */
export const STACK_FRAME = /^\s+at .+[:(]/m;
