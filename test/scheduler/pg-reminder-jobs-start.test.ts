import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../src/index.js';
import { createReminderJobs } from '../../src/storage/postgres/reminder-jobs.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/test-database.js';

describePostgres('reminder jobs: instances starting together on a new database', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  // pg-boss's create_queue deadlocked when two instances created the queue at once (each waited for the other's queue
  // row while attaching its partition), so one of two bots started together by compose could fail to start.
  it('all open, each time, and share one queue', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 4; round += 1) {
      const db = await freshDatabase();
      dbs.push(db);
      const queues = Array.from({ length: 3 }, () => createReminderJobs({ databaseUrl: db.url, logger: silentLogger, clock: systemClock, claimLeaseMs: 60_000 }));
      const opened = await Promise.allSettled(queues.map((q) => q.open()));
      await Promise.all(queues.map((q) => q.stop().catch(() => undefined)));
      expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'opened'))).toEqual(['opened', 'opened', 'opened']);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::integer AS n FROM pgboss.queue WHERE name = 'release-reminder'");
      await client.end();
      expect(rows[0]?.n).toBe(1);
    }
  });
});
