import { phraseText, StartConversation, type Actor, type ConversationStep, type Core, type Intent, type Origin, type Outcome } from '../../src/index.js';
import type { ConsoleOutput } from './console-output.js';
import { renderOutcome } from './render/render-outcome.js';
import { renderConversation } from './render/render-conversation.js';

const EXIT = new Set(['exit', 'quit', '\\q']);

/**
 * One person at one terminal: who they are, and a `/release` conversation in progress. Every typed line goes
 * through `handle`, one at a time, to the core's dispatcher; the console only draws what comes back.
 */
export class ConsoleSession {
  private conversation?: StartConversation;

  constructor(
    private readonly core: Core,
    private readonly out: ConsoleOutput,
    private user: Actor,
  ) {}

  get prompt(): string {
    return this.conversation ? `${this.user.name} ? ` : `${this.user.name}> `;
  }

  /** Resolves to "exit" when the person asked to leave. Never rejects: the dispatcher turns every error into an outcome. */
  async handle(line: string): Promise<'exit' | void> {
    if (this.conversation) return this.continueConversation(this.conversation.feed(line));
    const text = line.trim();
    if (text === '') return;
    if (EXIT.has(text.toLowerCase())) return 'exit';
    const outcome = await this.core.dispatcher.dispatchText(text, this.origin());
    if (outcome.kind === 'questions') {
      this.conversation = new StartConversation((intent) => this.dispatch(intent), outcome);
      return this.continueConversation(Promise.resolve(this.conversation.begin()));
    }
    if (outcome.kind === 'identity') this.user = outcome.actor;
    this.show(outcome);
  }

  /** Ctrl-C: leaves the questions if they are open. False when there was nothing to abort. */
  abort(): boolean {
    if (!this.conversation) return false;
    this.conversation = undefined;
    this.out.print('Release not started; nothing was saved.');
    return true;
  }

  /** Input ended: say what is left unfinished, so a piped script that stops early is visible. */
  end(): void {
    if (this.conversation) this.out.print('Input ended before the questions were finished; the release was not started.');
    this.conversation = undefined;
  }

  private dispatch(intent: Intent): Promise<Outcome> {
    return this.core.dispatcher.dispatch(intent, this.origin());
  }

  origin(): Origin {
    return { actor: this.user, place: { surface: 'console', channelId: 'console' } };
  }

  private async continueConversation(next: Promise<ConversationStep>): Promise<void> {
    const step = await next;
    if (step.kind !== 'finished') {
      if (step.kind === 'aborted') this.conversation = undefined;
      return this.out.print(renderConversation(step, this.core.config.timeZone));
    }
    this.conversation = undefined;
    const outcome = step.outcome;
    // A new release is shown whole, under the line that says it started.
    if (outcome.kind !== 'done') return this.show(outcome);
    this.out.print(`${outcome.changed ? '✓' : '·'} ${phraseText(outcome.message)}`);
    this.show({ kind: 'checklist', release: outcome.release, view: outcome.view });
  }

  private show(outcome: Outcome): void {
    this.out.print(renderOutcome(outcome, this.timeOptions()));
  }

  private timeOptions() {
    return { timeZone: this.core.config.timeZone, now: this.core.clock.now() };
  }
}
