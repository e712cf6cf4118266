import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** What the child may inherit from the shell: nothing that would configure the bot (credentials, DATABASE_URL). */
const INHERITED = ['PATH', 'HOME', 'TMPDIR'];
const KEEP_LINES = 300;

/** A port nobody listens on right now, so a restarted instance can come back on the address it had. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One real bot process, started as `npm start` does (node --import tsx adapters/main.ts), on its own PORT and
 * DATA_DIR. Keeps the last lines it printed, so a failing test can say what the instance was doing.
 */
export class BotProcess {
  readonly exited: Promise<Exit>;
  private readonly lines: string[] = [];
  private exit?: Exit;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) this.lines.push(line);
      if (this.lines.length > KEEP_LINES) this.lines.splice(0, this.lines.length - KEEP_LINES);
    };
    child.stdout!.setEncoding('utf8').on('data', keep);
    child.stderr!.setEncoding('utf8').on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((this.exit = { code, signal }))));
  }

  static start(name: string, port: number, env: Record<string, string>): BotProcess {
    const base: Record<string, string> = {};
    for (const key of INHERITED) if (process.env[key]) base[key] = process.env[key]!;
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], { cwd: ROOT, env: { ...base, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new BotProcess(name, port, child);
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The last lines the process printed (its logs, or why it could not start). */
  output(last = 40): string {
    return this.lines.slice(-last).join('\n');
  }

  /** Resolves once GET /readyz answers 200, as the proxy in front of the instances waits for it. */
  async ready(timeoutMs = 30_000): Promise<this> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (this.exit) throw new Error(`instance ${this.name} exited (${JSON.stringify(this.exit)}) before it was ready:\n${this.output()}`);
      const status = await fetch(`${this.origin}/readyz`).then((r) => r.status, () => 0);
      if (status === 200) return this;
      if (Date.now() > until) throw new Error(`instance ${this.name} was not ready within ${timeoutMs} ms (last /readyz ${status}):\n${this.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM, as a rolling deploy stops an instance, and waits for it to exit. */
  async terminate(): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    return this.exited;
  }

  /** SIGKILL: the instance dies at once, mid-request, mid-transaction. */
  async kill9(): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }
}
