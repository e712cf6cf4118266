/** `release-bot help` and `release-bot help <command>`: the commands, their options, the configuration and the exit codes. */
export const COMMAND_HELP: Record<string, string> = {
  start: `release-bot start --title TEXT --answer KEY=VALUE… [options]
  Starts a release and prints its id (e.g. R-42) alone on stdout; the model and why go to stderr.
  --answer KEY=VALUE   one per question in the bot's models/questions.yaml; repeat it. Choices take option
                       values (impact=high), yes/no questions true/false or yes/no, times ISO-8601 or "now", "in 2h".
  --model ID --reason TEXT     override the model the answers pick, with the reason
  --freeze-reason TEXT         start anyway inside a freeze window, with the reason
  --external-id ID             your pipeline's id for it: a second start with it returns the same release
  --release-manager WHO        a Slack user id, a Teams AAD object id or a console name (default: this token's pipeline)
  --slack-channel C…           post the checklist in this Slack channel
  --teams-conversation ID      post it in this Teams conversation
  --idempotency-key KEY        sent as Idempotency-Key (default: a new one per run, kept across retries)`,
  step: `release-bot step R-42 STEP complete|skip|undo [options]
  STEP is the number shown in chat or the step id (ci_green).
  --reason TEXT          why (required to skip)
  --evidence-url URL     e.g. the CI run
  --commit SHA           the commit it was checked on
  --note TEXT            anything else worth keeping
  --idempotency-key KEY`,
  deploy: `release-bot deploy R-42 started|succeeded|failed|rolled_back [options]
  succeeded marks the release deployed now (the ELS clock starts); started and succeeded are refused while
  gates are missing (exit 3, the gates are printed); failed and rolled_back are always recorded.
  --environment NAME  --url URL  --commit SHA
  --override-reason TEXT   deploy despite missing gates or a freeze (only where this token is the release manager)
  --idempotency-key KEY`,
  gates: `release-bot gates R-42 [--wait 30m] [--interval 15s]
  Exits 0 when the release may be deployed; otherwise prints what is missing (kind, id, title; tab-separated)
  and exits 3. With --wait it asks again every --interval until ready or the time is up.`,
  status: `release-bot status R-42
  A short summary: status, model, times, steps done and open, gates.`,
  close: `release-bot close R-42 success|failed|rolled_back|hotfix [--incident REF]… [--els-incidents N --els-exit met|unmet]
  Closes a deployed release with its outcome. A release in early life support needs the ELS result.
  --incident REF      an incident the release caused; repeat it
  --note TEXT         a word on how it went
  --idempotency-key KEY`,
  cancel: `release-bot cancel R-42 --reason TEXT
  Cancels the release and its reminders.
  --idempotency-key KEY`,
  help: `release-bot help [COMMAND]`,
};

export const EXIT_CODES_HELP = `Exit codes:
  0  done
  1  refused by the bot (invalid, not found, forbidden, conflict): its title and detail are printed
  2  usage: a bad command line, or RELEASE_BOT_URL / RELEASE_BOT_TOKEN missing or wrong; nothing was sent
  3  gates not ready: "gates" found gates missing, or a deployment was refused until they are satisfied
  4  the bot could not be reached, or answered 5xx / 429 after every retry, or something unreadable
  5  authentication: the token is missing, unknown or revoked`;

export const USAGE = `release-bot: drive Release Bot from a pipeline.

Usage: release-bot <command> [arguments]
  start --title TEXT --answer KEY=VALUE…    start a release; prints its id
  step R-42 STEP complete|skip|undo         act on a step, with evidence
  deploy R-42 started|succeeded|failed|rolled_back
  gates R-42 [--wait 30m] [--interval 15s]  exit 0 when ready to deploy, 3 while gates are missing
  status R-42                               a short summary
  close R-42 OUTCOME [--incident REF]…      close with success|failed|rolled_back|hotfix
  cancel R-42 --reason TEXT
  help [COMMAND]                            the options of a command

Configuration (environment):
  RELEASE_BOT_URL      the bot's base URL, e.g. http://localhost:3000
  RELEASE_BOT_TOKEN    a pipeline token ("npm run token -- create <name>" on the bot's host)
  RELEASE_BOT_RETRIES  retries for network errors, 5xx and 429, with backoff (default 3)

${EXIT_CODES_HELP}`;
