import { randomUUID } from 'node:crypto';
import { createApiClient, type ApiClient } from './api-client.js';
import { changeAnswerSchema, createdSchema, releaseSchema, stepAnswerSchema } from './api-schemas.js';
import { CliError } from './cli-error.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { formatMissing, formatRelease } from './format-release.js';
import { parseCommand, type Change } from './parse-command.js';
import { readClientConfig } from './read-client-config.js';
import { COMMAND_HELP, USAGE } from './release-bot-usage.js';
import { waitForGates } from './wait-for-gates.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** For tests: a fake fetch and clock. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

async function change(client: ApiClient, c: Change, io: CliIo): Promise<ExitCode> {
  const key = c.idempotencyKey ?? randomUUID();
  switch (c.kind) {
    case 'start': {
      const created = await client.post(c.path, c.body, createdSchema, key);
      io.err(`${created.id}: ${created.model.explanation || created.model.name}.`);
      io.out(created.id);
      return EXIT.OK;
    }
    case 'step': {
      const a = await client.post(c.path, c.body, stepAnswerSchema, key);
      const s = a.step;
      const what = s ? `step ${s.n} ${s.id} is ${s.state}${s.by ? ` (by ${s.by.name})` : ''}` : 'step updated';
      io.out(`${a.releaseId}: ${what}${a.changed ? '.' : '; nothing changed.'}`);
      return EXIT.OK;
    }
    default: {
      const a = await client.post(c.path, c.body, changeAnswerSchema, key);
      const r = a.release;
      const what = c.kind === 'deploy' ? `deployment ${String(c.body['status'])} recorded` : c.kind === 'close' ? `closed as ${r.outcome?.result ?? String(c.body['outcome'])}` : 'cancelled';
      io.out(`${r.id}: ${a.changed ? what : `${what} before; nothing changed`} (status ${r.status}${r.deployedAt ? `, deployed ${r.deployedAt}` : ''}).`);
      return EXIT.OK;
    }
  }
}

function printError(error: CliError, io: CliIo): void {
  io.err(`release-bot: ${error.message}`);
  for (const d of error.details) io.err(`  ${d}`);
}

/**
 * The release-bot CLI: argv in, lines out, an exit code back. Every failure is a CliError printed as words; anything
 * unexpected is printed as one line too, never as a stack.
 */
export async function runReleaseBot(argv: readonly string[], env: Record<string, string | undefined>, io: CliIo): Promise<ExitCode> {
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      if (command.topic === undefined) io.out(USAGE);
      else if (COMMAND_HELP[command.topic]) io.out(COMMAND_HELP[command.topic]!);
      else throw new CliError(EXIT.USAGE, `"${command.topic.slice(0, 40)}" is not a command.`, ['See "release-bot help".']);
      return EXIT.OK;
    }
    const config = readClientConfig(env);
    const client = createApiClient({ ...config, note: io.err, ...(io.fetch ? { fetch: io.fetch } : {}), ...(io.sleep ? { sleep: io.sleep } : {}) });
    switch (command.kind) {
      case 'status': {
        const r = await client.get(`/releases/${command.releaseId}`, releaseSchema);
        for (const line of formatRelease(r)) io.out(line);
        return EXIT.OK;
      }
      case 'gates': {
        const g = await waitForGates(client, command.releaseId, { intervalMs: command.intervalMs, note: io.err, ...(command.waitMs !== undefined ? { waitMs: command.waitMs } : {}), ...(io.sleep ? { sleep: io.sleep } : {}), ...(io.now ? { now: io.now } : {}) });
        if (g.ready) {
          io.out(`${command.releaseId}: ready to deploy.`);
          return EXIT.OK;
        }
        io.out(`${command.releaseId}: not ready to deploy; ${g.missing.length} missing:`);
        for (const line of formatMissing(g.missing)) io.out(line);
        if (command.waitMs !== undefined) io.err(`release-bot: gave up waiting after ${Math.round(command.waitMs / 1000)}s.`);
        return EXIT.GATES_NOT_READY;
      }
      default:
        return await change(client, command, io);
    }
  } catch (error) {
    if (error instanceof CliError) {
      printError(error, io);
      return error.exitCode;
    }
    io.err(`release-bot: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.REFUSED;
  }
}
