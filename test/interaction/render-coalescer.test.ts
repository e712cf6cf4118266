import { describe, expect, it } from 'vitest';
import { RenderCoalescer, type Render } from '../../src/interaction/render-coalescer.js';
import { TtlCache } from '../../src/interaction/ttl-cache.js';
import { MemoryRenderLedger } from '../../src/storage/render-ledger.js';

function recorder() {
  const sent: Array<{ key: string; rev: number }> = [];
  let release!: () => void;
  let gate = Promise.resolve();
  const render = (key: string, rev: number, digest = `d${rev}`): Render => ({
    rev,
    digest,
    send: async () => {
      await gate;
      sent.push({ key, rev });
    },
  });
  return {
    sent,
    render,
    hold() {
      gate = new Promise<void>((r) => (release = r));
    },
    release: () => release(),
  };
}

describe('RenderCoalescer', () => {
  it('folds every request made while a message is being updated into one more update, with the newest state', async () => {
    const r = recorder();
    const errors: unknown[] = [];
    const c = new RenderCoalescer((_k, e) => errors.push(e));
    r.hold();
    void c.update('m1', 1, () => r.render('m1', 1));
    await new Promise((res) => setImmediate(res));
    for (let rev = 2; rev <= 50; rev++) void c.update('m1', rev, () => r.render('m1', rev));
    // Heard late: an older change than the one waiting changes nothing.
    void c.update('m1', 7, () => r.render('m1', 7));
    r.release();
    await c.idle();
    expect(r.sent).toEqual([{ key: 'm1', rev: 1 }, { key: 'm1', rev: 50 }]);
    expect(errors).toEqual([]);
  });

  it('keeps messages apart, drops a render older than what a message shows, and skips one identical to it', async () => {
    const r = recorder();
    const c = new RenderCoalescer(() => {});
    await c.update('a', 5, () => r.render('a', 5));
    await c.update('b', 1, () => r.render('b', 1));
    await c.update('a', 4, () => r.render('a', 4));
    await c.update('a', 6, () => r.render('a', 6, 'd5'));
    c.shown('b', 3, 'd3');
    await c.update('b', 2, () => r.render('b', 2));
    expect(r.sent).toEqual([{ key: 'a', rev: 5 }, { key: 'b', rev: 1 }]);
    expect(await c.shownRev('b')).toBe(3);
  });

  it('reports a failed update and goes on with the next one', async () => {
    const errors: string[] = [];
    const c = new RenderCoalescer((key) => errors.push(key));
    await c.update('x', 1, () => ({ rev: 1, digest: 'a', send: () => Promise.reject(new Error('429')) }));
    let sent = 0;
    await c.update('x', 1, () => ({ rev: 1, digest: 'a', send: async () => void sent++ }));
    expect(errors).toEqual(['x']);
    expect(sent).toBe(1);
  });

  it('sends the stored state again when another instance\'s newer render was claimed while its own older one was on the way', async () => {
    // Two instances, one ledger (the database's table): the chat shows whatever arrived last.
    const pair = (reloads: boolean) => {
      const ledger = new MemoryRenderLedger();
      const errors: unknown[] = [];
      const chat: number[] = [];
      const state = { stored: 2, reloads: 0 };
      let arrive!: () => void;
      const slow = new Promise<void>((r) => (arrive = r));
      const render = (rev: number, wait?: Promise<void>): Render => ({ rev, digest: `d${rev}`, send: async () => { await wait; chat.push(rev); } });
      const reload = reloads ? async () => (state.reloads++, render(state.stored)) : undefined;
      const [a, b] = [new RenderCoalescer((_k, e) => errors.push(e), ledger), new RenderCoalescer((_k, e) => errors.push(e), ledger)];
      return { a, b, chat, state, errors, render, reload, arrive, slow };
    };
    const overtaken = async (p: ReturnType<typeof pair>) => {
      // A claims revision 1 and is slow to send it; B claims and sends revision 2 meanwhile; then A's older update lands.
      const fromA = p.a.update('m', 1, () => p.render(1, p.slow), p.reload);
      await new Promise((r) => setTimeout(r, 5));
      await p.b.update('m', 2, () => p.render(2), p.reload);
      p.arrive();
      await fromA;
    };

    const fixed = pair(true);
    await overtaken(fixed);
    expect(fixed.chat).toEqual([2, 1, 2]);
    // Not overtaken: one send, and no second look at the store.
    fixed.state.stored = 3;
    await fixed.b.update('m', 3, () => fixed.render(3), fixed.reload);
    expect(fixed.chat).toEqual([2, 1, 2, 3]);
    expect(fixed.state.reloads).toBe(1);
    expect(fixed.errors).toEqual([]);

    // A surface that gives no reload keeps what arrived last, as before.
    const plain = pair(false);
    await overtaken(plain);
    expect(plain.chat).toEqual([2, 1]);
  });

  it('forgets the oldest messages beyond its bound', async () => {
    const c = new RenderCoalescer(() => {}, new MemoryRenderLedger(3));
    for (const k of ['a', 'b', 'c', 'd']) c.shown(k, 1, 'x');
    await c.idle();
    expect(await c.shownRev('a')).toBeUndefined();
    expect(await c.shownRev('d')).toBe(1);
  });
});

describe('TtlCache', () => {
  it('shares one lookup per key while it is fresh, looks again after the ttl, and does not keep failures', async () => {
    let t = 0;
    let calls = 0;
    const cache = new TtlCache<number>(1000, 10, () => t);
    const load = async () => ++calls;
    expect(await Promise.all([cache.get('C1', load), cache.get('C1', load)])).toEqual([1, 1]);
    t = 999;
    expect(await cache.get('C1', load)).toBe(1);
    t = 1000;
    expect(await cache.get('C1', load)).toBe(2);
    await expect(cache.get('C2', () => Promise.reject(new Error('ratelimited')))).rejects.toThrow('ratelimited');
    expect(await cache.get('C2', load)).toBe(3);
  });
});
