import { quietBrokenPipe } from './quiet-broken-pipe.js';
import { runStoreMigrate } from './run-store-migrate.js';
import { loadDotEnv } from '../../src/index.js';

/** `npm run store:migrate -- --to "$DATABASE_URL"`: see run-store-migrate.ts. */
quietBrokenPipe();
loadDotEnv();
process.exitCode = await runStoreMigrate(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
