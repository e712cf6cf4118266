import { quietBrokenPipe } from './quiet-broken-pipe.js';
import { runReleaseBot } from './run-release-bot.js';

/** The `release-bot` executable's TypeScript entry (bin/release-bot.mjs registers tsx and imports this). */
quietBrokenPipe();
process.exitCode = await runReleaseBot(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
