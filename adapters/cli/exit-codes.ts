/**
 * The release-bot CLI's exit codes, documented in `release-bot help` and the README, so a pipeline can branch on
 * them. The token CLI uses OK, REFUSED and USAGE.
 */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** The bot refused the request (a 4xx other than 401): invalid, not found, forbidden, conflict. */
  REFUSED: 1,
  /** The command line or the configuration (RELEASE_BOT_URL, RELEASE_BOT_TOKEN) is wrong; nothing was sent. */
  USAGE: 2,
  /** Gates are still missing: `gates` (after --wait, if given), or a deployment refused until they are satisfied. */
  GATES_NOT_READY: 3,
  /** The bot could not be reached, timed out, answered 5xx or 429 after every retry, or answered something unreadable. */
  UNAVAILABLE: 4,
  /** The token is missing, unknown or revoked (401). */
  AUTH: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
