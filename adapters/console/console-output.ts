import readline from 'node:readline';

/**
 * Text typed anywhere (a title from Slack reaches the console through the shared store) must not drive the operator's
 * terminal: escape sequences (ANSI colours, OSC titles and links), bells and other control characters are dropped.
 */
const CONTROLS = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function withoutControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/**
 * Everything the console writes goes through here, so that a reminder arriving while someone types lands on a
 * fresh line and the half-typed line is shown again under it. Prompts appear only on a terminal; piped output
 * stays plain lines that tests can read.
 */
export class ConsoleOutput {
  private busy = false;
  /** Reminders that arrived while a command ran: shown after its reply, so a release's own confirmation comes first. */
  private readonly held: string[] = [];

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly rl: readline.Interface,
    readonly tty: boolean,
  ) {}

  get writable(): boolean {
    return (this.stream as { writable?: boolean }).writable !== false;
  }

  print(text: string): void {
    this.stream.write(`${withoutControls(text)}\n`);
  }

  /** While a command runs, its own reply will re-show the prompt afterwards; what arrived meanwhile follows the reply. */
  setBusy(busy: boolean): void {
    this.busy = busy;
    if (!busy) for (const text of this.held.splice(0)) this.print(text);
  }

  prompt(text: string): void {
    if (!this.tty) return;
    this.rl.setPrompt(text);
    this.rl.prompt(true);
  }

  /** Text that arrives on its own (a reminder), not as a reply to a typed line. */
  interrupt(text: string): void {
    if (this.busy) {
      this.held.push(text);
      return;
    }
    if (!this.tty) return this.print(text);
    readline.clearLine(this.stream, 0);
    readline.cursorTo(this.stream, 0);
    this.print(text);
    this.rl.prompt(true);
  }
}
