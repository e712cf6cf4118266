/**
 * An error the person who acted can understand and act on. Adapters show `message` as is
 * (ephemeral in Slack, a card or reply in Teams, a line in the console). Anything else is a bug:
 * adapters log it in full and show only a short reference id.
 */
export type ReleaseErrorCode =
  | 'not_found'
  | 'closed'
  | 'forbidden'
  | 'invalid'
  | 'conflict';

export class ReleaseError extends Error {
  constructor(
    readonly code: ReleaseErrorCode,
    message: string,
    /** For validation errors: the field (question id or command argument) that was wrong. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ReleaseError';
  }
}

export function isReleaseError(e: unknown): e is ReleaseError {
  return e instanceof ReleaseError;
}
