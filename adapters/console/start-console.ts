import os from 'node:os';
import readline from 'node:readline';
import { localActor, type Core } from '../../src/index.js';
import type { RunningSurface } from '../surface.js';
import { ConsoleOutput } from './console-output.js';
import { consoleSender } from './console-sender.js';
import { ConsoleSession } from './console-session.js';
import { renderDigest } from './render/render-digest.js';

export interface ConsoleIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who is typing (`--as NAME`); else config.consoleUser, else the OS user. */
  user?: string;
  /** Where the bot's logs go, said once at start so nobody wonders where they went. */
  logFile?: string;
}

function defaultUser(): string {
  try {
    return os.userInfo().username || 'you';
  } catch {
    return 'you';
  }
}

/**
 * The terminal chat, like hubot's shell adapter. Lines are handled strictly one after another, so a whole
 * release can be piped in; `closed` resolves once input has ended and every line read before it is handled.
 */
export async function startConsole({ core }: { core: Core }, io: ConsoleIo): Promise<RunningSurface & { closed: Promise<void> }> {
  const tty = Boolean((io.output as { isTTY?: boolean }).isTTY) && Boolean((io.input as { isTTY?: boolean }).isTTY);
  const rl = readline.createInterface({ input: io.input, ...(tty ? { output: io.output } : {}), terminal: tty });
  const out = new ConsoleOutput(io.output, rl, tty);
  const user = localActor(io.user ?? core.config.consoleUser ?? defaultUser());
  const session = new ConsoleSession(core, out, user);

  let queue: Promise<void> = Promise.resolve();
  let leaving = false;
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (leaving) return;
      out.setBusy(true);
      const result = await session.handle(line);
      out.setBusy(false);
      if (result === 'exit') {
        leaving = true;
        rl.close();
      } else out.prompt(session.prompt);
    });
    // The session turns errors into output; this only keeps one unforeseen failure from stopping every later line.
    queue = queue.catch((error: unknown) => core.logger.error('console line failed', { error }));
  });
  // Ctrl-C as in a shell: drop the half-typed line, else leave the questions, else leave the console.
  // Without a listener, readline would only pause the input and the bot would sit there.
  rl.on('SIGINT', () => {
    const typed = rl.line;
    out.print('^C');
    if (typed) {
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
    } else if (!session.abort()) {
      leaving = true;
      rl.close();
      return;
    }
    out.prompt(session.prompt);
  });
  // Output gone (`npm start | head`): stop reading rather than crash on EPIPE; the root then shuts down cleanly.
  io.output.on('error', (error) => {
    core.logger.warn('console output closed', { error });
    leaving = true;
    rl.close();
  });
  const closed = new Promise<void>((resolve) => {
    rl.once('close', () => {
      void queue.then(() => {
        session.end();
        resolve();
      });
    });
  });

  out.print(`Release Bot console — you are ${user.name}. Type /release to start, help for commands.${io.logFile ? ` Logs: ${io.logFile}` : ''}`);
  const active = await core.service.listActive().catch(() => []);
  if (active.length) out.print(`${active.length} active release${active.length === 1 ? '' : 's'}: type "list" to see them.`);
  // The console's daily digest is shown at start: a terminal has no inbox to wait in.
  const digest = await core.dispatcher.dispatch({ kind: 'digest' }, session.origin());
  if (digest.kind === 'digest' && digest.digest && !digest.off) out.print(renderDigest(digest.digest, { timeZone: core.config.timeZone, now: core.clock.now() }).join('\n'));
  out.prompt(session.prompt);

  return {
    name: 'console',
    sender: consoleSender(out, core.config.timeZone),
    closed,
    async stop() {
      leaving = true;
      rl.close();
      await queue;
    },
  };
}
