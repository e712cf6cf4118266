import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { startBot, type RunningBot } from '../../adapters/start-bot.js';
import { createToken, parseScope } from '../../src/index.js';
import { createLogger } from '../../src/logging/logger.js';

/** A bot in console mode with the pipeline API on, its own data directory, and helpers to call the API as a pipeline would. */
export class ApiBot {
  bot!: RunningBot;
  dataDir = '';
  readonly logs: string[] = [];
  private readonly input = new PassThrough();
  readonly output = new PassThrough();

  async start(env: Record<string, string> = {}, dataDir?: string): Promise<this> {
    this.dataDir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'rb-api-')));
    this.output.resume();
    this.bot = await startBot(
      { NODE_ENV: 'test', API_ENABLED: 'true', PORT: '0', DATA_DIR: this.dataDir, MODELS_DIR: path.resolve('models'), TZ: 'UTC', REMINDER_TICK_SECONDS: '0.1', DIGEST_AT: 'off', ...env },
      { io: { input: this.input, output: this.output, user: 'operator' }, logger: createLogger('warn', (l) => this.logs.push(l)) },
    );
    return this;
  }

  /** A token, created as "npm run token -- create" does. */
  token(name: string, scope?: string): Promise<string> {
    return createToken(this.dataDir, name, { now: new Date(), ...(scope ? { scope: parseScope(scope) } : {}) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.bot.port}/api/v1`;
  }

  async call(method: string, route: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<{ status: number; type: string; json: Record<string, unknown> }> {
    const res = await fetch(`${this.url}${route}`, {
      method,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined || opts.raw ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      ...(opts.raw !== undefined ? { body: opts.raw } : opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async stop(keepData = false): Promise<void> {
    this.input.end();
    await this.bot?.stop();
    if (!keepData) await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Answers that classify as the default Standard model? No: a low-risk, not user-facing change is Standard; see models/questions.yaml. */
export const STANDARD = { urgency: 'planned', kind: 'application', userFacing: false, impact: 'low', risk: 'low', rollback: 'easy' };
export const MAJOR = { urgency: 'planned', kind: 'application', userFacing: true, impact: 'high', risk: 'medium', rollback: 'easy' };
