import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  /** The raw request path, as the SDK sent it (conversation ids may arrive undecoded: "19:…;messageid=…"). */
  path: string;
  conversationId: string;
  /** For PUT: the message updated; for a POST reply: the message replied to. */
  activityId?: string;
  body: Record<string, unknown>;
  status: number;
  /** The id handed back for a posted message. */
  id?: string;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  /** The latest body (POST, then every PUT). */
  body: Record<string, unknown>;
  updates: number;
}

/** A member as the roster calls answer: the Teams user id, the AAD object id people act with, the display name. */
export interface RosterMember {
  id: string;
  aadObjectId?: string;
  name?: string;
}

const MEMBERS = /^\/v3\/conversations\/([^/?]+)\/(paged)?members(?:\?(.*))?$/;
const PATH = /^\/v3\/conversations\/(.+?)\/activities(?:\/([^/?]+))?(?:\?.*)?$/;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * A local stand-in for the Bot Framework connector (point an activity's serviceUrl at `url`). It records every
 * POST and PUT under /v3/conversations/…, hands back message ids, keeps each message's latest content, and can
 * answer 429 (with Retry-After) a given number of times first. GET …/members and …/pagedmembers answer from `rosters`
 * (a few members a page, to exercise paging); a conversation without a roster answers 404.
 */
export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  private server?: http.Server;
  private seq = 0;
  private faults: Array<{ status: number; retryAfter?: number }> = [];
  private held?: Promise<void>;
  /** Each conversation's members, by conversation id (a channel's id without ";messageid="). */
  readonly rosters = new Map<string, RosterMember[]>();
  pageSize = 2;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** The next `count` requests are answered with `status` (429 by default) before normal service resumes. */
  failNext(count: number, status = 429, retryAfterSeconds?: number): void {
    for (let i = 0; i < count; i++) this.faults.push({ status, ...(retryAfterSeconds !== undefined ? { retryAfter: retryAfterSeconds } : {}) });
  }

  /** Holds every message update (PUT) until the returned function is called: shows what does not wait for them. */
  holdUpdates(): () => void {
    let open!: () => void;
    this.held = new Promise<void>((resolve) => (open = resolve));
    return () => {
      this.held = undefined;
      open();
    };
  }

  /** Messages posted (not conversations created). */
  posts(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.status < 300 && c.path.includes('/activities'));
  }

  puts(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT' && c.status < 300);
  }

  /** Roster lookups made so far. */
  rosterCalls(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'GET' && /members/.test(c.path));
  }

  /** The Adaptive Card a message shows now. */
  cardOf(messageId: string): Record<string, unknown> | undefined {
    const attachments = this.messages.get(messageId)?.body['attachments'];
    const first = Array.isArray(attachments) ? (attachments[0] as { content?: Record<string, unknown> } | undefined) : undefined;
    return first?.content;
  }

  /** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const path = req.url ?? '';
    const match = PATH.exec(path);
    const method = req.method ?? 'GET';
    const members = MEMBERS.exec(path);
    if (members && method === 'GET') return this.roster(res, path, decode(members[1]!), Boolean(members[2]), new URLSearchParams(members[3] ?? ''));
    if (method === 'POST' && /^\/v3\/conversations\/?(\?.*)?$/.test(path)) return this.createConversation(res, path, body);
    if (!match) {
      this.calls.push({ method, path, conversationId: '', body, status: 404 });
      res.writeHead(404).end();
      return;
    }
    const conversationId = decode(match[1]!);
    const activityId = match[2] ? decode(match[2]) : undefined;
    if (method === 'PUT' && this.held) await this.held;
    const fault = this.faults.shift();
    if (fault) {
      this.calls.push({ method, path, conversationId, ...(activityId ? { activityId } : {}), body, status: fault.status });
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}) });
      res.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
      return;
    }
    if (method === 'PUT' && activityId) {
      const existing = this.messages.get(activityId);
      this.messages.set(activityId, { id: activityId, conversationId, body, updates: (existing?.updates ?? 0) + 1 });
      this.calls.push({ method, path, conversationId, activityId, body, status: 200, id: activityId });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: activityId }));
      return;
    }
    if (method === 'POST') {
      const id = `msg-${++this.seq}`;
      this.messages.set(id, { id, conversationId, body, updates: 0 });
      this.calls.push({ method, path, conversationId, ...(activityId ? { activityId } : {}), body, status: 201, id });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      return;
    }
    this.calls.push({ method, path, conversationId, body, status: 405 });
    res.writeHead(405).end();
  }

  /** Creating a personal chat: one per member, the same id each time, as Teams answers; `refuseChats` answers 403 for those members. */
  readonly refuseChats = new Set<string>();
  private createConversation(res: http.ServerResponse, path: string, body: Record<string, unknown>): void {
    const member = (body['members'] as Array<{ id?: string }> | undefined)?.[0]?.id ?? '';
    const status = this.refuseChats.has(member) ? 403 : 201;
    const conversationId = `a:personal-${member}`;
    this.calls.push({ method: 'POST', path, conversationId: status === 201 ? conversationId : '', body, status });
    if (status !== 201) return void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'Forbidden', message: 'The bot is not installed for this user' } }));
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: conversationId }));
  }

  private roster(res: http.ServerResponse, path: string, conversationId: string, paged: boolean, query: URLSearchParams): void {
    const fault = this.faults.shift();
    const all = this.rosters.get(conversationId);
    const status = fault?.status ?? (all ? 200 : 404);
    this.calls.push({ method: 'GET', path, conversationId, body: {}, status });
    if (!all || fault) return void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: status === 404 ? 'ConversationNotFound' : 'Throttled' } }));
    const from = Number(query.get('continuationToken') ?? 0);
    const page = paged ? all.slice(from, from + this.pageSize) : all;
    const next = paged && from + this.pageSize < all.length ? String(from + this.pageSize) : undefined;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(paged ? { members: page, ...(next ? { continuationToken: next } : {}) } : page));
  }
}
