import { quietBrokenPipe } from './quiet-broken-pipe.js';
import { runTokenCli } from './run-token-cli.js';
import { loadDotEnv } from '../../src/index.js';

/** `npm run token -- …`: see run-token-cli.ts. */
quietBrokenPipe();
loadDotEnv();
process.exitCode = await runTokenCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
