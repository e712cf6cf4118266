/**
 * One bot instance for the PostgreSQL bench, in a process of its own as in production: a core on DATABASE_URL whose
 * reminders go to a sender that takes SEND_MS (a chat API call) and prints one JSON line per delivery. It prints
 * "ready" once its scheduler works, and stops when its stdin closes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig, silentLogger, startCore, systemClock } from '../../src/index.js';

const name = process.argv[2] ?? 'x';
const sendMs = Number(process.env['SEND_MS'] ?? '5');
const dataDir = await mkdtemp(path.join(tmpdir(), `rb-bench-pg-${name}-`));
const config = readConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MODELS_DIR: path.resolve('models'), TZ: 'UTC', DIGEST_AT: 'off', DATABASE_URL: process.env['DATABASE_URL'] });
const core = await startCore(config, { logger: silentLogger, clock: systemClock });
core.startScheduler((surface) =>
  surface === 'console'
    ? {
        deliver: async (message) => {
          await new Promise((resolve) => setTimeout(resolve, sendMs));
          process.stdout.write(`${JSON.stringify({ reminderId: message.reminderId, at: Date.now(), dueAt: Date.parse(message.dueAt) })}\n`);
        },
      }
    : undefined,
);
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void (async () => {
    const cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
    await core.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  })();
});
