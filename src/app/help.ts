/** Help content, in neutral terms. Each surface renders it (a Slack block list, a Teams card, console lines). */
export interface HelpEntry {
  command: string;
  description: string;
  example: string;
}

export const HELP_INTRO =
  'I run each release by its release model: I ask a few questions, pick the model that fits (and say why), post its checklist, ' +
  'track who did each step, and send the user-communication and early-life-support reminders on time.';

export const HELP_ENTRIES: readonly HelpEntry[] = [
  { command: 'release [title]', description: 'Start a release: answer a few questions, check the suggested model, post the checklist.', example: 'release Checkout v2' },
  { command: 'list', description: 'Active releases with their progress.', example: 'list' },
  { command: 'status [R-42]', description: 'The checklist of a release.', example: 'status R-42' },
  { command: 'done <step> [R-42]', description: 'Mark a step done.', example: 'done 3' },
  { command: 'undo <step> [R-42]', description: 'Reopen a step (the person who did it, or the release manager).', example: 'undo 3' },
  { command: 'skip <step> [R-42] <reason>', description: 'Skip a step as not applicable, with the reason.', example: 'skip 4 no schema change in this release' },
  { command: 'assign <step> [R-42] <person>', description: 'Make someone responsible for a step.', example: 'assign 5 alice' },
  { command: 'deploy [R-42]', description: 'Record the deployment (completes the model’s deployment step).', example: 'deploy R-42' },
  { command: 'reschedule R-42 <time>', description: 'Move the planned deployment; reminders move with it.', example: 'reschedule R-42 2026-12-01 14:00' },
  { command: 'cancel R-42 [reason]', description: 'Cancel a release and its reminders.', example: 'cancel R-42 superseded by R-43' },
  {
    command: 'close R-42 <success|failed|rolled_back|hotfix> [incidents…] [els:N exit:met|unmet]',
    description: 'Close a deployed release with its outcome, incident refs and the ELS result; ends ELS reminders.',
    example: 'close R-42 hotfix INC-1234 els:1 exit:unmet',
  },
  { command: 'models', description: 'The release models and when each applies.', example: 'models' },
  { command: 'report [30d|90d|all]', description: 'How each model performs: change failure rate, lead time, skipped steps.', example: 'report 90d' },
  { command: 'help', description: 'This help.', example: 'help' },
];
