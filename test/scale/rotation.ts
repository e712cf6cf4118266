/** An instance as the proxy sees it: a name and the address it listens on now. */
export interface Upstream {
  name: string;
  origin: string;
}

const TRY_FOR_MS = 5_000;
const TRY_EVERY_MS = 250;

/**
 * What Caddy does in front of the instances (deploy/Caddyfile), in the small: round robin over the instances whose
 * last /readyz check answered 200, and a request that reached no instance is tried on the next one for up to 5 s.
 * Checks run every `intervalMs` (Caddy: 5 s); the tests keep SHUTDOWN_DRAIN longer than that, as compose.yaml keeps
 * 6 s against Caddy's 5 s, so an instance shutting down is out of rotation before its server closes.
 */
export class Rotation {
  private readonly ready = new Set<string>();
  private turn = 0;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    private readonly upstreams: () => Upstream[],
    private readonly intervalMs = 200,
  ) {}

  async start(): Promise<this> {
    await this.check();
    this.timer = setInterval(() => void (this.checking ??= this.check().finally(() => (this.checking = undefined))), this.intervalMs);
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  private async check(): Promise<void> {
    await Promise.all(
      this.upstreams().map(async (u) => {
        const ok = await fetch(`${u.origin}/readyz`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.status === 200, () => false);
        if (ok) this.ready.add(u.name);
        else this.ready.delete(u.name);
      }),
    );
  }

  /**
   * Sends with `attempt` to the next instance in rotation. `attempt` answers undefined when the request did not get
   * through (no connection, or an answer the sender would retry); the next instance is then tried, as the proxy (or
   * the sender's own retry) would. Undefined when no instance took it within the proxy's try duration.
   */
  async send<R>(attempt: (upstream: Upstream, tries: number) => Promise<R | undefined>): Promise<{ by: string; result: R } | undefined> {
    const until = Date.now() + TRY_FOR_MS;
    for (let tries = 0; Date.now() < until; ) {
      const ready = this.upstreams().filter((u) => this.ready.has(u.name));
      if (!ready.length) {
        await new Promise((r) => setTimeout(r, TRY_EVERY_MS));
        continue;
      }
      const upstream = ready[this.turn++ % ready.length]!;
      const result = await attempt(upstream, tries++);
      if (result !== undefined) return { by: upstream.name, result };
      // Passive health: an instance that failed a request is left out until a check finds it ready again.
      this.ready.delete(upstream.name);
    }
    return undefined;
  }
}
