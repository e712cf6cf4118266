/**
 * Every text command, once: the parser takes its usage line from here and every surface draws help from here,
 * so help and usage cannot drift apart.
 */
export interface CommandSpec {
  /** The word that starts it, then words that mean the same. */
  verb: string;
  aliases?: readonly string[];
  usage: string;
  description: string;
  example: string;
  /** Only the console has no identity of its own, so only it has `as`. */
  consoleOnly?: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  { verb: 'release', aliases: ['new', 'start'], usage: 'release [title]', description: 'Start a release: answer a few questions, check the suggested model, post the checklist.', example: 'release Checkout v2' },
  { verb: 'list', aliases: ['ls'], usage: 'list', description: 'Active releases with their progress.', example: 'list' },
  { verb: 'status', usage: 'status [R-42]', description: 'The checklist of a release.', example: 'status R-42' },
  { verb: 'done', aliases: ['complete'], usage: 'done <step> [R-42]', description: 'Mark a step done.', example: 'done 3' },
  { verb: 'undo', usage: 'undo <step> [R-42]', description: 'Reopen a step (the person who did it, or the release manager).', example: 'undo 3' },
  { verb: 'skip', usage: 'skip <step> [R-42] <reason>', description: 'Skip a step as not applicable, with the reason.', example: 'skip 4 no schema change in this release' },
  { verb: 'assign', usage: 'assign <step> [R-42] <person>', description: 'Make someone responsible for a step.', example: 'assign 5 alice' },
  { verb: 'deploy', aliases: ['deployed'], usage: 'deploy [R-42] [override <reason>]', description: 'Record the deployment (completes the model’s deployment step). Refused while gates or required steps are missing, or inside a freeze window, unless the release manager overrides it with a reason.', example: 'deploy R-42' },
  { verb: 'gates', usage: 'gates [R-42]', description: 'What a release still needs before it may be deployed: its gates and required steps.', example: 'gates R-42' },
  { verb: 'approve', usage: 'approve [R-42] [gate] [note]', description: 'Approve the gates whose role you hold, or one gate by its id.', example: 'approve R-42 approval CAB minutes 2026-12-01' },
  { verb: 'reject', usage: 'reject [R-42] [gate] <reason>', description: 'Reject a gate, with the reason; deployment waits until it is approved.', example: 'reject R-42 go no rollback rehearsal yet' },
  { verb: 'roles', usage: 'roles [add|remove <role> <person, …>]', description: 'Who holds which role here (dev, ops, release_manager, comms, support, approver), or change it.', example: 'roles add approver @carol, @dave' },
  { verb: 'reschedule', usage: 'reschedule R-42 <time> [override <reason>]', description: 'Move the planned deployment; reminders move with it. Times as in the questions: 2026-12-01 14:00, tomorrow 09:00, in 2h. Into a freeze window only with an override and its reason.', example: 'reschedule R-42 2026-12-01 14:00' },
  { verb: 'cancel', usage: 'cancel R-42 [reason]', description: 'Cancel a release and its reminders.', example: 'cancel R-42 superseded by R-43' },
  {
    verb: 'close',
    usage: 'close R-42 <success|failed|rolled_back|hotfix> [incidents…] [els:N exit:met|unmet]',
    description: 'Close a deployed release with its outcome, incident refs and, after early life support, the ELS result (required then).',
    example: 'close R-42 hotfix INC-1234 els:1 exit:unmet',
  },
  { verb: 'models', usage: 'models', description: 'The release models and when each applies.', example: 'models' },
  { verb: 'freezes', aliases: ['freeze'], usage: 'freezes', description: 'The freeze windows of the next 30 days, including one in force now: no release starts, moves into or deploys inside one without an override and its reason.', example: 'freezes' },
  { verb: 'digest', usage: 'digest [on|off]', description: 'Your open and overdue steps across releases now; "off" stops your daily digest, "on" starts it again.', example: 'digest off' },
  { verb: 'report', usage: 'report [7d|4w|90d|all]', description: 'How each model performs over a number of days or weeks: change failure rate, lead time, skipped steps.', example: 'report 90d' },
  { verb: 'help', aliases: ['?'], usage: 'help [command]', description: 'This help, or the help of one command.', example: 'help close' },
  { verb: 'as', usage: 'as <name>', description: 'Switch who you are, to try completion tracking as several people.', example: 'as bob', consoleOnly: true },
];

export const HELP_INTRO =
  'I run each release by its release model: I ask a few questions, pick the model that fits (and say why), post its checklist, ' +
  'track who did each step, and send the user-communication and early-life-support reminders on time.';

const BY_WORD = new Map(COMMANDS.flatMap((c) => [c.verb, ...(c.aliases ?? [])].map((w) => [w, c] as const)));

export function commandFor(word: string): CommandSpec | undefined {
  return BY_WORD.get(word.toLowerCase());
}

/** The commands a surface offers, optionally narrowed to those matching a topic ("close", "/release skip"). */
export function helpEntries(opts: { console: boolean; topic?: string }): CommandSpec[] {
  const all = COMMANDS.filter((c) => opts.console || !c.consoleOnly);
  const topic = opts.topic?.toLowerCase().replace(/^\/?release\s*/, '').trim();
  if (!topic) return all;
  const exact = commandFor(topic.split(/\s+/)[0] ?? '');
  if (exact && all.includes(exact)) return [exact];
  return all.filter((c) => c.usage.toLowerCase().includes(topic) || c.description.toLowerCase().includes(topic));
}
