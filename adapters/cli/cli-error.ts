import type { ExitCode } from './exit-codes.js';

/**
 * A failure the CLI reports in plain words and an exit code, never with a stack: `message` is the first line,
 * `details` (field errors, missing gates) follow it indented.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}
