import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleProcess, type ConsoleProcess } from './console-process.js';

let bot: ConsoleProcess | undefined;
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
});

describe('console chat: logs stay out of the conversation', () => {
  it('writes its logs to DATA_DIR/release-bot.log while a reminder fires in the chat', async () => {
    bot = await startConsoleProcess({ user: 'alice', env: { LOG_LEVEL: 'debug' } });
    await bot.waitFor(new RegExp(`Logs: ${bot.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/release-bot\\.log`));
    // Ten minutes away: the day-ahead announcement is overdue and fires at once, logged as it goes.
    bot.send('release Search v3', 'in 10m', 'Planned', 'Application', 'yes', 'Medium', 'Medium', 'Easy', 'y');
    await bot.waitFor(/⏰ T-1d user communication · R-1 Search v3/);
    const log = path.join(bot.dataDir, 'release-bot.log');
    let text = '';
    for (let i = 0; i < 50 && !text.includes('"message":"reminder sent"'); i++) {
      text = await readFile(log, 'utf8').catch(() => '');
      await new Promise((r) => setTimeout(r, 100));
    }
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l['message'] === 'reminder sent')).toMatchObject({ level: 'info', releaseId: 'R-1' });
    // Not one log line in what the person reads.
    expect(bot.stdout).not.toMatch(/"level":|"message":/);
  });
});
