import { randomBytes } from 'node:crypto';
import { isReleaseError } from '../../src/app/release-error.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import type { Actor } from '../../src/domain/actor.js';
import type { SurfaceContext } from '../surface.js';
import type { ConsoleOutput } from './console-output.js';
import { runCommand, type CommandScope } from './run-command.js';
import { StartWizard } from './start-wizard.js';
import { renderChecklist } from './render/render-checklist.js';

const EXIT = new Set(['exit', 'quit', '\\q']);

/**
 * One person at one terminal: who they are, which release is "current", and a `/release` conversation in
 * progress. Every typed line goes through `handle`, one at a time.
 */
export class ConsoleSession {
  private current?: string;
  private wizard?: StartWizard;

  constructor(
    private readonly ctx: SurfaceContext,
    private readonly out: ConsoleOutput,
    private user: Actor,
  ) {}

  get prompt(): string {
    return this.wizard ? `${this.user.name} ? ` : `${this.user.name}> `;
  }

  /** Resolves to "exit" when the person asked to leave. Never rejects: every error becomes a line of output. */
  async handle(line: string): Promise<'exit' | void> {
    try {
      if (this.wizard) return await this.continueWizard(line);
      const text = line.trim();
      if (text === '') return;
      if (EXIT.has(text.toLowerCase())) return 'exit';
      // The shared grammar also takes "/as bob", "/status": a leading slash is the Slack habit.
      const parsed = parseCommand(text);
      if (!parsed.ok) return this.out.print(`✗ ${parsed.message}`);
      if (parsed.command.kind === 'start') {
        this.wizard = new StartWizard(this.ctx.service, this.ctx.config.timeZone, parsed.command.title);
        return this.reply(this.wizard.begin());
      }
      await runCommand(parsed.command, this.scope());
    } catch (error) {
      this.fail(error);
    }
  }

  /** Ctrl-C: leaves the questions if they are open. False when there was nothing to abort. */
  abort(): boolean {
    if (!this.wizard) return false;
    this.wizard = undefined;
    this.out.print('Release not started; nothing was saved.');
    return true;
  }

  /** Input ended: say what is left unfinished, so a piped script that stops early is visible. */
  end(): void {
    if (this.wizard) this.out.print('Input ended before the questions were finished; the release was not started.');
    this.wizard = undefined;
  }

  private async continueWizard(line: string): Promise<void> {
    const wizard = this.wizard!;
    const reply = wizard.feed(line);
    if (reply.kind !== 'done') return this.reply(reply);
    this.wizard = undefined;
    let result;
    try {
      result = await this.ctx.service.start({
        answers: reply.answers,
        actor: this.user,
        ...(reply.override ? { override: reply.override } : {}),
        location: { surface: 'console', channelId: 'console', messageIds: {} },
      });
    } catch (error) {
      // The answers were fine a moment ago (a deployment time can pass while someone types): ask that one again.
      const again = isReleaseError(error) && error.field ? wizard.reask(error.field, error.message) : undefined;
      if (!again) throw error;
      this.wizard = wizard;
      return this.reply(again);
    }
    this.current = result.release.id;
    this.out.print(`✓ ${result.message}`);
    this.out.print(renderChecklist(result.view, { timeZone: this.ctx.config.timeZone, now: this.ctx.clock.now() }));
  }

  private reply(reply: { kind: 'ask' | 'aborted'; text: string }): void {
    if (reply.kind === 'aborted') this.wizard = undefined;
    this.out.print(reply.text);
  }

  private scope(): CommandScope {
    return {
      ctx: this.ctx,
      user: this.user,
      current: this.current,
      setCurrent: (id) => (this.current = id),
      setUser: (user) => (this.user = user),
      print: (text) => this.out.print(text),
    };
  }

  private fail(error: unknown): void {
    if (isReleaseError(error)) return this.out.print(`✗ ${error.message}`);
    const ref = randomBytes(3).toString('hex');
    this.ctx.logger.error('console command failed', { ref, error });
    this.out.print(`✗ Something went wrong (ref ${ref}); the details are in the log.`);
  }
}
