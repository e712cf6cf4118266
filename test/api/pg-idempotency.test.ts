import { afterAll, expect, it } from 'vitest';
import { createToken, openTokenRegistry } from '../../src/index.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';
import { ApiBot, STANDARD } from './api-harness.js';

const later = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describePostgres('Idempotency-Key across two instances on one database', () => {
  let db: TestDatabase | undefined;
  const bots: ApiBot[] = [];
  afterAll(async () => {
    for (const b of bots) await b.stop();
    await db?.drop();
  });

  it('the same request sent to both at once runs once, and both callers get the one answer', { timeout: 60_000 }, async () => {
    db = await freshDatabase();
    const url = db.url;
    const [a, b] = await Promise.all([new ApiBot().start({ DATABASE_URL: url }), new ApiBot().start({ DATABASE_URL: url })]);
    bots.push(a, b);
    const { registry, close } = await openTokenRegistry({ dataDir: a.dataDir, databaseUrl: url });
    const token = await createToken(registry, 'ci', { now: new Date() });
    await close();
    await new Promise((r) => setTimeout(r, 1_200));
    const created = await a.call('POST', '/releases', { token, body: { title: 'Race', answers: { ...STANDARD, deployAt: later(30) } } });
    expect(created.status).toBe(201);
    const id = String(created.json['id']);
    const step = 'peer_review';
    for (let round = 0; round < 4; round += 1) {
      const key = `race-${round}`;
      const body = round % 2 === 0 ? { action: 'complete' } : { action: 'undo' };
      const [x, y] = await Promise.all([a, b].map((bot) => bot.call('POST', `/releases/${id}/steps/${step}`, { token, body, headers: { 'Idempotency-Key': key } })));
      expect(x!.status).toBe(200);
      expect(y!.json).toEqual(x!.json);
      expect(x!.json['changed']).toBe(true);
    }
    // Each round's change ran once: had one run twice, its second answer would say changed: false, not the first again.
    const release = await b.call('GET', `/releases/${id}`, { token });
    expect((release.json['steps'] as Array<{ id: string; state: string }>).find((s) => s.id === step)?.state).toBe('open');
  });
});
