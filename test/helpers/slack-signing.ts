import { createHmac } from 'node:crypto';

/** Signs a request body exactly as Slack does: HMAC-SHA256 over "v0:<timestamp>:<body>". */
export function slackSignature(secret: string, body: string, timestamp: number): Record<string, string> {
  const hash = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${hash}`, 'x-slack-request-timestamp': String(timestamp) };
}

export interface SendOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Sign with this secret instead of the right one. */
  secret?: string;
  retryNum?: number;
}

export interface SlackReply {
  status: number;
  text: string;
  json?: Record<string, unknown>;
}

/** Sends requests to the app as Slack would: form-encoded commands, `payload=` interactivity, JSON events. */
export class SlackSender {
  private actionSeq = 0;

  constructor(readonly endpoint: string, readonly secret: string) {}

  async send(body: string, contentType: string, opts: SendOptions = {}): Promise<SlackReply> {
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': contentType, ...slackSignature(opts.secret ?? this.secret, body, ts) };
    if (opts.retryNum !== undefined) Object.assign(headers, { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' });
    const res = await fetch(this.endpoint, { method: 'POST', headers, body });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, ...(json ? { json } : {}) };
  }

  /** `form` overrides or adds form fields (another team_id, an enterprise_id for an org-wide install). */
  command(fields: { text: string; user: string; channel?: string; responseUrl: string; triggerId?: string; form?: Record<string, string> }, opts?: SendOptions): Promise<SlackReply> {
    const form = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T0TEST',
      team_domain: 'test',
      channel_id: fields.channel ?? 'C0RELEASE',
      channel_name: 'releases',
      user_id: fields.user,
      user_name: fields.user.toLowerCase(),
      command: '/release',
      text: fields.text,
      api_app_id: 'A0TEST',
      is_enterprise_install: 'false',
      response_url: fields.responseUrl,
      trigger_id: fields.triggerId ?? `${Date.now()}.${++this.actionSeq}.trigger`,
      ...fields.form,
    });
    return this.send(form.toString(), 'application/x-www-form-urlencoded', opts);
  }

  interactive(payload: Record<string, unknown>, opts?: SendOptions): Promise<SlackReply> {
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', opts);
  }

  event(event: Record<string, unknown>, opts?: SendOptions & { eventId?: string; team?: string }): Promise<SlackReply> {
    const team = opts?.team ?? 'T0TEST';
    const body = {
      token: 'deprecated-verification-token', team_id: team, api_app_id: 'A0TEST', type: 'event_callback',
      event_id: opts?.eventId ?? `Ev${++this.actionSeq}`, event_time: Math.floor(Date.now() / 1000), event,
      authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    };
    return this.send(JSON.stringify(body), 'application/json', opts);
  }

  nextActionTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.actionSeq).padStart(6, '0')}`;
  }
}

type Block = Record<string, unknown> & { block_id?: string; elements?: Array<Record<string, unknown>>; accessory?: Record<string, unknown> };

/** Finds an interactive element by action_id prefix in a message's blocks, as a person would see it. */
export function findElement(blocks: Block[], actionId: string): { block: Block; element: Record<string, unknown> } | undefined {
  for (const block of blocks) {
    for (const el of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      if (el.action_id === actionId) return { block, element: el };
    }
  }
  return undefined;
}

/** A block_actions payload for clicking a button (or picking an overflow option) in a channel message. */
export function messageAction(opts: {
  user: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
  block: Block;
  element: Record<string, unknown>;
  actionTs: string;
  option?: string;
  responseUrl?: string;
}): Record<string, unknown> {
  const el = opts.element;
  const action: Record<string, unknown> = { action_id: el.action_id, block_id: opts.block.block_id, type: el.type, action_ts: opts.actionTs };
  if (el.type === 'button') Object.assign(action, { value: el.value, text: el.text, ...(el.style ? { style: el.style } : {}) });
  if (el.type === 'overflow') {
    const picked = (el.options as Array<{ value: string; text: unknown }>).find((o) => o.value.startsWith(`${opts.option}|`));
    if (!picked) throw new Error(`overflow ${String(el.action_id)} has no option "${opts.option}"`);
    action.selected_option = picked;
  }
  return {
    type: 'block_actions',
    user: { id: opts.user, username: opts.user.toLowerCase(), name: opts.user.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: opts.messageTs, channel_id: opts.channel, is_ephemeral: false, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) },
    trigger_id: `${Date.now()}.trigger.${opts.actionTs}`,
    team: { id: 'T0TEST', domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: opts.channel, name: 'releases' },
    message: { type: 'message', ts: opts.messageTs, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}), user: 'UBOT', bot_id: 'BBOT' },
    state: { values: {} },
    response_url: opts.responseUrl ?? 'http://127.0.0.1:9/unused',
    actions: [action],
  };
}

/** A view_submission payload carrying the given state values. */
export function viewSubmission(opts: { user: string; view: Record<string, unknown>; viewId: string; values: Record<string, Record<string, unknown>> }): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: opts.user, username: opts.user.toLowerCase(), name: opts.user.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.trigger.view`,
    view: { ...opts.view, id: opts.viewId, team_id: 'T0TEST', state: { values: opts.values }, hash: `${Date.now()}.hash`, app_id: 'A0TEST', bot_id: 'BBOT' },
    response_urls: [],
    is_enterprise_install: false,
  };
}
