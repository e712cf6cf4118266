import type { z } from 'zod';
import { problemSchema, type Problem } from './api-schemas.js';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';

export interface ClientOptions {
  /** The bot's base URL, e.g. http://localhost:3000; requests go to its /api/v1. */
  baseUrl: string;
  token: string;
  /** Retries after the first attempt, for network errors, timeouts, 5xx and 429. */
  retries: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Where retry notes go (stderr). */
  note?: (line: string) => void;
}

export interface ApiClient {
  get<T>(path: string, schema: z.ZodType<T>): Promise<T>;
  /** Every change carries an Idempotency-Key, so a retry of it changes nothing twice. */
  post<T>(path: string, body: unknown, schema: z.ZodType<T>, idempotencyKey: string): Promise<T>;
}

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 10_000;
const MAX_RETRY_AFTER_MS = 30_000;

type Attempt = { kind: 'answer'; status: number; json: unknown; text: string; statusText: string; retryAfter?: string | null } | { kind: 'network'; message: string };

function networkMessage(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)}s`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

function retryable(a: Attempt): boolean {
  return a.kind === 'network' || a.status === 429 || a.status >= 500;
}

function delayFor(a: Attempt, attempt: number): number {
  if (a.kind === 'answer' && a.retryAfter && /^\d+$/.test(a.retryAfter)) return Math.min(Number(a.retryAfter) * 1000, MAX_RETRY_AFTER_MS);
  return Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_DELAY_MS) + Math.floor(Math.random() * 250);
}

/** A 4xx or 5xx as the CLI reports it: the problem's title and detail, its field errors and missing gates below. */
export function problemError(p: Problem): CliError {
  const details = [...(p.errors ?? []).filter((e) => e.message !== p.detail).map((e) => `${e.field}: ${e.message}`), ...(p.missing ?? []).map((m) => `${m.kind}\t${m.id}\t${m.title}`)];
  const message = `${p.title} (${p.status})${p.detail ? `: ${p.detail}` : ''}`;
  if (p.status === 401) return new CliError(EXIT.AUTH, message, details);
  if (p.status === 409 && p.missing?.length) return new CliError(EXIT.GATES_NOT_READY, message, details);
  if (p.status === 429 || p.status >= 500) return new CliError(EXIT.UNAVAILABLE, message, details);
  return new CliError(EXIT.REFUSED, message, details);
}

/**
 * The pipeline API over Node's fetch. Network errors, timeouts, 5xx and 429 are retried with exponential backoff
 * (honouring Retry-After); every answer is parsed with zod, a problem document into a CliError.
 */
export function createApiClient(opts: ClientOptions): ApiClient {
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const root = `${opts.baseUrl}/api/v1`;

  async function once(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Attempt> {
    try {
      const res = await doFetch(`${root}${path}`, {
        method,
        headers: { accept: 'application/json', authorization: `Bearer ${opts.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { kind: 'answer', status: res.status, statusText: res.statusText, json, text, retryAfter: res.headers.get('retry-after') };
    } catch (error) {
      return { kind: 'network', message: networkMessage(error, timeoutMs) };
    }
  }

  async function request<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>, headers: Record<string, string> = {}): Promise<T> {
    let a: Attempt = await once(method, path, body, headers);
    for (let attempt = 0; attempt < opts.retries && retryable(a); attempt++) {
      const wait = delayFor(a, attempt);
      const why = a.kind === 'network' ? a.message : `HTTP ${a.status}`;
      opts.note?.(`release-bot: ${method} ${path} failed (${why}); retrying in ${(wait / 1000).toFixed(1)}s (retry ${attempt + 1} of ${opts.retries}).`);
      await sleep(wait);
      a = await once(method, path, body, headers);
    }
    if (a.kind === 'network') throw new CliError(EXIT.UNAVAILABLE, `Could not reach the bot at ${opts.baseUrl}: ${a.message}.`);
    if (a.status >= 400) {
      const p = problemSchema.safeParse(a.json);
      throw problemError(p.success ? { ...p.data, status: a.status } : { status: a.status, title: a.statusText || `HTTP ${a.status}`, detail: `The bot answered ${a.status} without a problem document${a.text ? `: ${a.text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}.` });
    }
    const parsed = schema.safeParse(a.json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new CliError(EXIT.UNAVAILABLE, `The bot's answer to ${method} ${path} is not what this CLI understands${first ? ` (${first.path.join('.') || 'body'}: ${first.message})` : ''}; is RELEASE_BOT_URL the bot, and is the CLI as new as the bot?`);
    }
    return parsed.data;
  }

  return {
    get: (path, schema) => request('GET', path, undefined, schema),
    post: (path, body, schema, idempotencyKey) => request('POST', path, body, schema, { 'idempotency-key': idempotencyKey }),
  };
}
