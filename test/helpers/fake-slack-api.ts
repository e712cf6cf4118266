import http from 'node:http';
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export interface FakeCall {
  method: string;
  body: Record<string, unknown>;
  /** Answered with a fault (429 or an error code) rather than ok. */
  failed: boolean;
  /** Date.now() when it arrived. */
  at: number;
  /** The Host header: tells apart several apps sharing one fake, each given its own spelling of the address. */
  host: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks: Array<Record<string, unknown>>;
  updates: number;
}

type Fault = { status: 429; retryAfter: number } | { error: string };

/** Fields the WebClient sends as JSON inside a form field. */
function decodeField(value: unknown): unknown {
  if (typeof value !== 'string' || !/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A local stand-in for Slack's Web API (point SLACK_API_URL at `url`) and for response_url endpoints.
 * Records every call, keeps the latest content of every posted message, and answers 429 or an error on demand.
 */
export class FakeSlackApi {
  readonly calls: FakeCall[] = [];
  readonly responses: Array<{ path: string; body: Record<string, unknown> }> = [];
  readonly messages = new Map<string, FakeMessage>();
  /** Who conversations.members lists, by channel (a channel not set has no members), and how many per page. */
  readonly members = new Map<string, string[]>();
  membersPerPage = 1000;
  /** What conversations.info knows: channel id → name and whether the bot is in it (others are channel_not_found). */
  readonly channels = new Map<string, { name: string; botIsMember: boolean }>([['C0RELEASE', { name: 'releases', botIsMember: true }]]);
  private readonly faults = new Map<string, Fault[]>();
  private server?: http.Server;
  private seq = 0;
  url = '';
  origin = '';
  /**
   * When false, calls are counted but not decoded or kept (message content is not tracked): for benchmarks, where
   * the fake shares a process with the app and its parsing would be charged to the app.
   */
  recording = true;
  readonly counts = new Map<string, number>();

  /** Socket Mode: what the app sent over the WebSocket (acks), and the open connection. */
  readonly socketMessages: Array<Record<string, unknown>> = [];
  private socket?: Duplex;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    this.server.on('upgrade', (req, socket) => this.upgrade(req, socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.url = `${this.origin}/api/`;
    return this;
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A response_url that records what the app answers there. */
  responseUrl(name = 'r'): string {
    return `${this.origin}/respond/${name}-${++this.seq}`;
  }

  /** The next `times` calls to `method` get the fault instead of an answer. */
  failNext(method: string, fault: Fault, times = 1): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...Array.from({ length: times }, () => fault)]);
  }

  callsTo(method: string, opts: { includeFailed?: boolean } = {}): FakeCall[] {
    return this.calls.filter((c) => c.method === method && (opts.includeFailed || !c.failed));
  }

  /** Messages in posting order. */
  posted(channel?: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => !channel || m.channel === channel);
  }

  async waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > until) throw new Error(`fake Slack: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    if (!this.recording) {
      const method = url.replace(/^\/api\//, '').split('?')[0] ?? '';
      this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(method === 'chat.postMessage' ? `{"ok":true,"ts":"1700000009.${String(++this.seq).padStart(6, '0')}"}` : '{"ok":true}');
      return;
    }
    const type = req.headers['content-type'] ?? '';
    const parsed: Record<string, unknown> = type.includes('json') ? (raw ? (JSON.parse(raw) as Record<string, unknown>) : {}) : { ...parseQuery(raw) };
    const body = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, decodeField(v)]));
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    if (url.startsWith('/respond/')) {
      this.responses.push({ path: url, body });
      return send(200, { ok: true });
    }
    const method = url.replace(/^\/api\//, '').split('?')[0] ?? '';
    const fault = this.faults.get(method)?.shift();
    this.calls.push({ method, body, failed: Boolean(fault), at: Date.now(), host: req.headers.host ?? '' });
    if (fault && 'status' in fault) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
    if (fault) return send(200, { ok: false, error: fault.error });
    send(200, this.answer(method, body));
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const blocks = (body.blocks as FakeMessage['blocks'] | undefined) ?? [];
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'releasebot', team_id: 'T0TEST', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(++this.seq).padStart(6, '0')}`;
        const channel = String(body.channel);
        const msg: FakeMessage = { channel, ts, text: body.text as string, blocks, updates: 0, ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}) };
        this.messages.set(ts, msg);
        return { ok: true, channel, ts, message: { ts, text: msg.text, blocks } };
      }
      case 'chat.update': {
        const msg = this.messages.get(String(body.ts));
        if (!msg || msg.channel !== body.channel) return { ok: false, error: 'message_not_found' };
        Object.assign(msg, { text: body.text, blocks, updates: msg.updates + 1 });
        return { ok: true, channel: msg.channel, ts: msg.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000001.${String(++this.seq).padStart(6, '0')}` };
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${String(++this.seq).padStart(8, '0')}`, ...(body.view as object) } };
      case 'apps.connections.open':
        return { ok: true, url: `${this.origin.replace('http', 'ws')}/socket` };
      case 'conversations.members': {
        const all = this.members.get(String(body.channel)) ?? [];
        const from = Number(body.cursor || 0);
        const to = from + Math.min(Number(body.limit) || 100, this.membersPerPage);
        return { ok: true, members: all.slice(from, to), response_metadata: { next_cursor: to < all.length ? String(to) : '' } };
      }
      case 'conversations.info': {
        const c = this.channels.get(String(body.channel));
        return c ? { ok: true, channel: { id: String(body.channel), name: c.name, is_member: c.botIsMember, is_archived: false } } : { ok: false, error: 'channel_not_found' };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case 'users.info': {
        const id = String(body.user);
        return { ok: true, user: { id, name: id.toLowerCase(), real_name: `Real ${id}`, profile: { display_name: `name-${id}` } } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Sends one JSON message to the app over Socket Mode, as Slack's server does. */
  socketSend(message: Record<string, unknown>): void {
    const data = Buffer.from(JSON.stringify(message));
    const head = data.length < 126 ? Buffer.from([0x81, data.length]) : Buffer.from([0x81, 126, data.length >> 8, data.length & 0xff]);
    this.socket?.write(Buffer.concat([head, data]));
  }

  get socketOpen(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /** A minimal WebSocket server (RFC 6455): handshake, text frames, ping → pong. Enough for Socket Mode. */
  private upgrade(req: http.IncomingMessage, socket: Duplex): void {
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.socket = socket;
    let buffered = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (buffered.length < 2) return;
        const opcode = buffered[0]! & 0x0f;
        let len = buffered[1]! & 0x7f;
        let at = 2;
        if (len === 126) { len = buffered.readUInt16BE(2); at = 4; }
        else if (len === 127) { len = Number(buffered.readBigUInt64BE(2)); at = 10; }
        const masked = (buffered[1]! & 0x80) !== 0;
        const end = at + (masked ? 4 : 0) + len;
        if (buffered.length < end) return;
        const mask = masked ? buffered.subarray(at, at + 4) : undefined;
        const payload = Buffer.from(buffered.subarray(end - len, end));
        if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
        buffered = buffered.subarray(end);
        if (opcode === 0x1) this.socketMessages.push(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
        else if (opcode === 0x9) socket.write(Buffer.concat([Buffer.from([0x8a, payload.length]), payload]));
        else if (opcode === 0x8) socket.end();
      }
    });
    this.socketSend({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0TEST' } });
  }
}
