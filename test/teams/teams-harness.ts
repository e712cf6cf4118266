import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot, type RunningBot } from '../../adapters/start-bot.js';
import { createLogger } from '../../src/logging/logger.js';
import { FakeBotConnector } from '../helpers/fake-bot-connector.js';

export const BOT = { id: '28:release-bot-app', name: 'Release Bot' };
export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CHANNEL = '19:releases@thread.tacv2';
export const TEAM = '19:team-general@thread.tacv2';

export const users = {
  alice: { id: '29:alice', name: 'Alice Admin', aadObjectId: 'aad-alice' },
  bob: { id: '29:bob', name: 'Bob Builder', aadObjectId: 'aad-bob' },
  carol: { id: '29:carol', name: 'Carol Ops', aadObjectId: 'aad-carol' },
};
export type TeamsUser = (typeof users)[keyof typeof users];

let seq = 1_700_000_000_000;
export const nextId = () => String(++seq);

/** A started bot in anonymous mode, its fake connector, and the HTTP helpers that speak to it. */
export class TeamsBotUnderTest {
  bot!: RunningBot;
  readonly connector = new FakeBotConnector();
  dataDir = '';
  /** Every JSON log line the bot wrote (warn and above). */
  readonly logs: string[] = [];

  async start(extraEnv: Record<string, string> = {}, dataDir?: string): Promise<this> {
    if (!this.connector.url) await this.connector.start();
    this.dataDir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'rb-teams-')));
    this.bot = await startBot({
      NODE_ENV: 'test',
      TEAMS_ALLOW_ANONYMOUS: 'true',
      PORT: '0',
      DATA_DIR: this.dataDir,
      MODELS_DIR: path.resolve('models'),
      TZ: 'UTC',
      REMINDER_TICK_SECONDS: '0.1',
      // Digests go out at a wall-clock hour; tests that want them set it.
      DIGEST_AT: 'off',
      ...extraEnv,
    }, { logger: createLogger('warn', (line) => this.logs.push(line)) });
    return this;
  }

  /** Waits until every surface has caught up with every change so far: cards follow a change in the background. */
  async settled(): Promise<void> {
    await this.bot.core.notifier.idle();
  }

  async restart(): Promise<void> {
    await this.bot.stop();
    await this.start({}, this.dataDir);
  }

  async stop(): Promise<void> {
    await this.bot?.stop();
    await this.connector.close();
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`http://127.0.0.1:${this.bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Posts an adaptiveCard/action invoke and returns the card or message of the invoke response. */
  async invoke(activity: Record<string, unknown>): Promise<InvokeBody> {
    const res = await this.post(activity);
    if (res.status !== 200) throw new Error(`invoke answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as InvokeBody;
  }

  // --- activity shapes as Teams sends them ---

  base(user: TeamsUser, conversationId: string, type: string, id = nextId()): Record<string, unknown> {
    return {
      type,
      id,
      timestamp: new Date().toISOString(),
      serviceUrl: this.connector.url,
      channelId: 'msteams',
      from: user,
      recipient: BOT,
      conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { teamsChannelId: CHANNEL, teamsTeamId: TEAM, channel: { id: CHANNEL }, team: { id: TEAM }, tenant: { id: TENANT } },
      locale: 'en-US',
    };
  }

  /** A new channel post that @mentions the bot: its conversation id names the new reply chain. */
  channelPost(user: TeamsUser, text: string): Record<string, unknown> {
    const id = nextId();
    return {
      ...this.base(user, `${CHANNEL};messageid=${id}`, 'message', id),
      text: `<at>${BOT.name}</at> ${text}`,
      textFormat: 'plain',
      entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }, { type: 'clientInfo', locale: 'en-US' }],
    };
  }

  /** A reply inside an existing reply chain, mentioning the bot. */
  threadReply(user: TeamsUser, root: string, text: string): Record<string, unknown> {
    return {
      ...this.base(user, `${CHANNEL};messageid=${root}`, 'message'),
      text: `<at>${BOT.name}</at> ${text}`,
      replyToId: root,
      entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
    };
  }

  /** Universal Action click on a card in a thread. */
  execute(user: TeamsUser, root: string, messageId: string, verb: string, data: Record<string, unknown>, inputs: Record<string, string> = {}): Record<string, unknown> {
    return {
      ...this.base(user, `${CHANNEL};messageid=${root}`, 'invoke'),
      name: 'adaptiveCard/action',
      replyToId: messageId,
      value: { action: { type: 'Action.Execute', verb, data: { ...data, ...inputs } }, trigger: 'manual' },
    };
  }

  /** Action.Submit click: a message with `value` and no text. */
  submit(user: TeamsUser, root: string, messageId: string, data: Record<string, unknown>, inputs: Record<string, string> = {}): Record<string, unknown> {
    return {
      ...this.base(user, `${CHANNEL};messageid=${root}`, 'message'),
      replyToId: messageId,
      value: { ...data, ...inputs },
      channelData: { ...(this.base(user, CHANNEL, 'message')['channelData'] as object), source: { name: 'message' }, legacy: { replyToId: messageId } },
    };
  }

  botAdded(user: TeamsUser): Record<string, unknown> {
    return {
      ...this.base(user, CHANNEL, 'conversationUpdate'),
      membersAdded: [{ id: BOT.id }],
      channelData: { team: { id: TEAM, name: 'Payments' }, eventType: 'teamMemberAdded', tenant: { id: TENANT } },
    };
  }
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

type Json = Record<string, unknown>;

/** Every action in a card (including inside Action.ShowCard), for picking the button a test clicks. */
export function actionsOf(card: unknown): Json[] {
  const out: Json[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (typeof n['type'] === 'string' && (n['type'] as string).startsWith('Action.')) out.push(n);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback') visit(v);
  };
  visit(card);
  return out;
}

/** The Action.Execute with this verb (and optionally this step id). */
export function button(card: unknown, verb: string, step?: string): Json {
  const found = actionsOf(card).find((a) => a['type'] === 'Action.Execute' && a['verb'] === verb && (step === undefined || (a['data'] as Json)['step'] === step));
  if (!found) throw new Error(`No ${verb}${step ? ` for ${step}` : ''} button on the card`);
  return found;
}

/** All text in a card, for asserting what a person reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    for (const key of ['text', 'title', 'value', 'label'] as const) if (typeof n[key] === 'string') out.push(n[key] as string);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback' && k !== 'data') visit(v);
  };
  visit(card);
  return out.join('\n');
}

/** Polls an async check until it holds (work the bot does after replying, such as recording a new service URL). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Date and time inputs for a deployment `hours` from now, in UTC. */
export function deployInputs(hoursFromNow: number): { deployAt__date: string; deployAt__time: string } {
  const t = new Date(Date.now() + hoursFromNow * 3_600_000);
  const iso = t.toISOString();
  return { deployAt__date: iso.slice(0, 10), deployAt__time: iso.slice(11, 16) };
}
